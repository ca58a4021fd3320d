"""Peer figures with PyJWT: HS256 tokens per second over the same claims as
actionnode-bench, or a whole JSON-lines file signed in one process.

usage: pyjwt_sign.py loop N | pyjwt_sign.py file INPUT.jsonl
"""
import json
import os
import sys
import time

import jwt

KEY = "emulator-demo-key"
CLAIMS = json.load(open(os.path.join(os.path.dirname(__file__), "claims.json")))


def report(figure, value, unit):
    print(json.dumps({"figure": figure, "value": round(value, 1), "unit": unit}), flush=True)


def loop(count):
    for _ in range(1000):
        jwt.encode(CLAIMS, KEY, algorithm="HS256")
    start = time.perf_counter()
    for _ in range(count):
        jwt.encode(CLAIMS, KEY, algorithm="HS256")
    report("pyjwt_tokens_per_s", count / (time.perf_counter() - start), "tokens/s")


def file(path):
    start = time.perf_counter()
    lines = 0
    with open(path) as source:
        for line in source:
            if line.strip():
                claims = dict(CLAIMS, r=json.loads(line)["room_name"])
                print(json.dumps({"token": jwt.encode(claims, KEY, algorithm="HS256")}))
                lines += 1
    sys.stderr.write(json.dumps({"figure": "pyjwt_batch_tokens_per_s",
                                 "value": round(lines / (time.perf_counter() - start), 1),
                                 "unit": "tokens/s"}) + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["loop"]:
        loop(int(sys.argv[2]))
    elif sys.argv[1:2] == ["file"]:
        file(sys.argv[2])
    else:
        sys.exit(__doc__)
