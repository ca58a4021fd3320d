"""PyJWT peer of actionnode-bench: HS256 meeting tokens signed in Python.

usage: pyjwt_sign.py loop CLAIMS.json N
           signs the claims N times (or for 10 s) and prints tokens/s as a JSON line
       pyjwt_sign.py file INPUTS.jsonl OUTPUT.jsonl
           turns each line of inputs into claims by hand, signs them and writes
           one result line each, as `actionnode batch` does
"""
import json
import sys
import time

import jwt

KEY = "emulator-demo-key"
DOMAIN_ID = "00000000-0000-4000-8000-000000000000"
TIME_LIMIT_S = 10.0
WARM_UP = 2000
# What a Python user writes to get Daily's abbreviated claims.
CLAIM_NAMES = {"room_name": "r", "user_name": "u", "user_id": "ud", "is_owner": "o",
               "nbf": "nbf", "exp": "exp", "lang": "uil"}
MEDIA_CODES = {"video": "v", "audio": "a", "screenVideo": "sv", "screenAudio": "sa"}


def report(figure, count, seconds):
    print(json.dumps({"figure": figure, "value": round(count / seconds, 1), "unit": "tokens/s",
                      "iterations": count, "seconds": round(seconds, 3)}), flush=True)


def loop(claims_file, count):
    with open(claims_file) as source:
        claims = json.load(source)
    for _ in range(WARM_UP):
        jwt.encode(claims, KEY, algorithm="HS256")
    done = 0
    start = time.perf_counter()
    while done < count and time.perf_counter() - start < TIME_LIMIT_S:
        steps = min(256, count - done)
        for _ in range(steps):
            jwt.encode(claims, KEY, algorithm="HS256")
        done += steps
    report("pyjwt_sign", done, time.perf_counter() - start)


def to_claims(inputs):
    claims = {CLAIM_NAMES[key]: value for key, value in inputs.items() if key in CLAIM_NAMES}
    can_send = inputs.get("permissions", {}).get("canSend")
    if isinstance(can_send, list):
        claims["p"] = {"cs": ",".join(MEDIA_CODES[kind] for kind in can_send)}
    claims["d"] = DOMAIN_ID
    claims["iat"] = int(time.time())
    return claims


def batch(inputs_file, output_file):
    done = 0
    start = time.perf_counter()
    with open(inputs_file) as source, open(output_file, "w") as output:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            token = jwt.encode(to_claims(json.loads(line)), KEY, algorithm="HS256")
            output.write(json.dumps({"line": number, "status": "succeeded", "outputs": {"token": token}},
                                    separators=(",", ":")) + "\n")
            done += 1
    report("pyjwt_batch", done, time.perf_counter() - start)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "loop":
        loop(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "file":
        batch(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
