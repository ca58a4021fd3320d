"""The whole self-signed meeting-token job done the way a Python shop would.

usage: fair_python.py DECLARATION.json INPUTS.json CLAIMS.json N

fastjsonschema compiles the declaration's inputs schema once; every token is
then validated, checked for exp after nbf, mapped to Daily's claims (with d
and iat), signed by PyJWT and given its join URL. CLAIMS.json holds the claims
actionnode signs for INPUTS.json: the peer refuses to measure unless its own
claims serialize to the same bytes.
"""
import json
import sys
import time
import urllib.parse

import fastjsonschema
import jwt

KEY = "emulator-demo-key"
DOMAIN_ID = "00000000-0000-4000-8000-000000000000"
TIME_LIMIT_S = 10.0
MEDIA_CODES = {"video": "v", "audio": "a", "screenVideo": "sv", "screenAudio": "sa"}


def to_claims(values, issued_at):
    """Daily's claims in the order actionnode writes them (sorted)."""
    claims = {"d": DOMAIN_ID}
    if "exp" in values:
        claims["exp"] = values["exp"]
    claims["iat"] = issued_at
    for key, claim in (("nbf", "nbf"), ("is_owner", "o")):
        if key in values:
            claims[claim] = values[key]
    can_send = values.get("permissions", {}).get("canSend")
    if can_send is not None:
        claims["p"] = {"cs": ",".join(MEDIA_CODES[k] for k in can_send) if isinstance(can_send, list) else can_send}
    for key, claim in (("room_name", "r"), ("user_name", "u"), ("user_id", "ud"), ("lang", "uil")):
        if key in values:
            claims[claim] = values[key]
    return claims


def main(declaration_file, inputs_file, claims_file, count):
    with open(declaration_file) as source:
        validate = fastjsonschema.compile(json.load(source)["inputs"])
    with open(inputs_file) as source:
        inputs = json.load(source)
    with open(claims_file) as source:
        expected = json.load(source)

    def create_token(values, issued_at):
        validate(values)
        if "nbf" in values and "exp" in values and not values["exp"] > values["nbf"]:
            raise ValueError("exp must be later than nbf")
        token = jwt.encode(to_claims(values, issued_at), KEY, algorithm="HS256")
        return {"token": token,
                "join_url": f"https://bench.daily.co/{urllib.parse.quote(values['room_name'], safe='')}?t={token}"}

    mine = json.dumps(to_claims(inputs, expected["iat"]), separators=(",", ":"))
    if mine != json.dumps(expected, separators=(",", ":")):
        sys.exit(f"fair_python: claims differ from actionnode's:\n{mine}\n{json.dumps(expected)}")
    for _ in range(2000):
        create_token(inputs, int(time.time()))
    done = 0
    start = time.perf_counter()
    while done < count and time.perf_counter() - start < TIME_LIMIT_S:
        steps = min(256, count - done)
        for _ in range(steps):
            create_token(inputs, int(time.time()))
        done += steps
    seconds = time.perf_counter() - start
    print(json.dumps({"figure": "fair_python", "value": round(done / seconds, 1), "unit": "tokens/s",
                      "iterations": done, "seconds": round(seconds, 3)}), flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
