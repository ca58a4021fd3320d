"""Whole-process figures for bench/run: runs a command RUNS times and prints the
median wall time and the largest peak RSS as one JSON line.

usage: proctime.py RUNS COMMAND [ARG...]

Wall time is read from a monotonic clock around spawning and reaping the
process (GNU time's %e only has 10 ms steps). Peak RSS is measured in
separate runs under /usr/bin/time (its %M): a child spawned by Python itself
inherits Python's resident size in ru_maxrss, some 14 MB before the command
has done anything, while GNU time's own fork leaves it about 1 MB; running
under GNU time would add some milliseconds to the wall time, hence the
separate runs. Standard output and error go to /dev/null. A run that fails
or outlives its time limit ends the measurement with exit code 1.
"""
import json
import os
import signal
import statistics
import sys
import tempfile
import time

TIME_LIMIT_S = 120


def run_once(command):
    """Spawns command and waits for it; returns its wall time in milliseconds."""
    null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ, file_actions=null)
    signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
    signal.alarm(TIME_LIMIT_S)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    signal.alarm(0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"proctime.py: {' '.join(command)} failed with status {os.waitstatus_to_exitcode(status)}")
    return elapsed * 1000


def peak_rss_kb(command):
    with tempfile.NamedTemporaryFile(mode="r", prefix="proctime-") as rss:
        run_once(["/usr/bin/time", "-f", "%M", "-o", rss.name, "--"] + command)
        return int(rss.read().split()[-1])


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit(__doc__)
    command, count = sys.argv[2:], int(sys.argv[1])
    walls = [run_once(command) for _ in range(count)]
    peak = max(peak_rss_kb(command) for _ in range(count))
    print(json.dumps({"wall_ms": round(statistics.median(walls), 2), "peak_rss_kb": peak, "runs": count}))


if __name__ == "__main__":
    main()
