// jsonwebtoken peer of actionnode-bench: HS256 meeting tokens signed in Node.
// usage: node jsonwebtoken_sign.mjs CLAIMS.json N
// Signs the claims up to N times (10 s at most) in each of two ways and
// prints one JSON line. jsonwebtoken turns a string secret into a KeyObject
// on every call, which costs far more than signing, so "value" is the faster
// way (a KeyObject made once) and "string_secret_value" the way its README
// shows.
import { createSecretKey } from "node:crypto";
import { readFileSync } from "node:fs";
import jwt from "jsonwebtoken";

const [claimsFile, countText] = process.argv.slice(2);
const claims = JSON.parse(readFileSync(claimsFile, "utf8"));
const rounds = Number(countText);
const secret = "emulator-demo-key";
const timeLimitNs = 10_000_000_000n;
// The claims carry their own iat, as actionnode's do.
const options = { algorithm: "HS256", noTimestamp: true };

function tokensPerSecond(key, count) {
  for (let i = 0; i < 2000; i++) jwt.sign(claims, key, options);
  let done = 0;
  const start = process.hrtime.bigint();
  while (done < count && process.hrtime.bigint() - start < timeLimitNs) {
    const steps = Math.min(256, count - done);
    for (let i = 0; i < steps; i++) jwt.sign(claims, key, options);
    done += steps;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rate: Math.round((done / seconds) * 10) / 10, done, seconds: Math.round(seconds * 1000) / 1000 };
}

const keyObject = tokensPerSecond(createSecretKey(Buffer.from(secret)), rounds);
// Fewer rounds: this way is some fifty times slower.
const stringSecret = tokensPerSecond(secret, Math.min(rounds, 5000));
console.log(JSON.stringify({
  figure: "jsonwebtoken_sign", value: keyObject.rate, unit: "tokens/s",
  iterations: keyObject.done, seconds: keyObject.seconds, string_secret_value: stringSecret.rate,
}));
