// Peer figure with the npm jsonwebtoken package: HS256 tokens per second over
// the same claims as actionnode-bench. usage: node jsonwebtoken_sign.mjs N
import jwt from "jsonwebtoken";
import { readFileSync } from "node:fs";

const claims = JSON.parse(readFileSync(new URL("./claims.json", import.meta.url)));
const key = "emulator-demo-key";
const count = Number(process.argv[2] ?? 100000);
for (let i = 0; i < 1000; i++) jwt.sign(claims, key, { algorithm: "HS256", noTimestamp: true });
const start = process.hrtime.bigint();
for (let i = 0; i < count; i++) jwt.sign(claims, key, { algorithm: "HS256", noTimestamp: true });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ figure: "jsonwebtoken_tokens_per_s", value: Math.round((count / seconds) * 10) / 10, unit: "tokens/s" }));
