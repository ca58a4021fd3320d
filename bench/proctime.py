"""Whole-process figures for bench/run: runs a command RUNS times and prints the
median wall time and the largest peak RSS as one JSON line.

usage: proctime.py RUNS COMMAND [ARG...]

Wall time is read from a monotonic clock around spawning and reaping the
process (GNU time's %e only has 10 ms steps); peak RSS is the child's own
ru_maxrss from wait4(). Standard output and error go to /dev/null. A run
that fails or outlives its time limit ends the measurement with exit code 1.
"""
import json
import os
import signal
import statistics
import sys
import time

TIME_LIMIT_S = 120


def run_once(command):
    null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ, file_actions=null)
    signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
    signal.alarm(TIME_LIMIT_S)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    signal.alarm(0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"proctime.py: {' '.join(command)} failed with status {os.waitstatus_to_exitcode(status)}")
    return elapsed * 1000, usage.ru_maxrss


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit(__doc__)
    runs = [run_once(sys.argv[2:]) for _ in range(int(sys.argv[1]))]
    print(json.dumps({"wall_ms": round(statistics.median(ms for ms, _ in runs), 2),
                      "peak_rss_kb": max(kb for _, kb in runs), "runs": len(runs)}))


if __name__ == "__main__":
    main()
