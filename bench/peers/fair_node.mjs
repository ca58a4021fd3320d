// The whole self-signed meeting-token job done the way a Node shop would:
// ajv compiles the declaration's inputs schema once, then every token is
// validated, checked for exp after nbf, mapped to Daily's claims (with d and
// iat), signed by jsonwebtoken with a KeyObject made once, and given its join
// URL. usage: node fair_node.mjs DECLARATION.json INPUTS.json CLAIMS.json N
// CLAIMS.json holds the claims actionnode signs for INPUTS.json: the peer
// refuses to measure unless its own claims are byte for byte the same.
import { createSecretKey } from "node:crypto";
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import jwt from "jsonwebtoken";

const [declarationFile, inputsFile, claimsFile, countText] = process.argv.slice(2);
const declaration = JSON.parse(readFileSync(declarationFile, "utf8"));
const inputs = JSON.parse(readFileSync(inputsFile, "utf8"));
const expected = readFileSync(claimsFile, "utf8").trim();
const rounds = Number(countText);
const key = createSecretKey(Buffer.from("emulator-demo-key"));
const domainId = "00000000-0000-4000-8000-000000000000";
const timeLimitNs = 10_000_000_000n;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(declaration.inputs);
const mediaCodes = { video: "v", audio: "a", screenVideo: "sv", screenAudio: "sa" };

// Daily's claims in the order actionnode writes them (sorted), so both sign the same bytes.
function toClaims(values, issuedAt) {
  const claims = { d: domainId };
  if (values.exp !== undefined) claims.exp = values.exp;
  claims.iat = issuedAt;
  if (values.nbf !== undefined) claims.nbf = values.nbf;
  if (values.is_owner !== undefined) claims.o = values.is_owner;
  const canSend = values.permissions?.canSend;
  if (canSend !== undefined)
    claims.p = { cs: Array.isArray(canSend) ? canSend.map((kind) => mediaCodes[kind]).join(",") : canSend };
  if (values.room_name !== undefined) claims.r = values.room_name;
  if (values.user_name !== undefined) claims.u = values.user_name;
  if (values.user_id !== undefined) claims.ud = values.user_id;
  if (values.lang !== undefined) claims.uil = values.lang;
  return claims;
}

function createToken(values, issuedAt) {
  if (!validate(values)) throw new Error(ajv.errorsText(validate.errors));
  if (values.nbf !== undefined && values.exp !== undefined && !(values.exp > values.nbf))
    throw new Error("exp must be later than nbf");
  const token = jwt.sign(toClaims(values, issuedAt), key, { algorithm: "HS256", noTimestamp: true });
  const joinUrl = `https://bench.daily.co/${encodeURIComponent(values.room_name)}?t=${token}`;
  return { token, join_url: joinUrl };
}

const sameClaims = JSON.stringify(toClaims(inputs, JSON.parse(expected).iat));
if (sameClaims !== JSON.stringify(JSON.parse(expected))) {
  console.error(`fair_node: claims differ from actionnode's:\n${sameClaims}\n${expected}`);
  process.exit(1);
}

for (let i = 0; i < 2000; i++) createToken(inputs, Math.floor(Date.now() / 1000));
let done = 0;
const start = process.hrtime.bigint();
while (done < rounds && process.hrtime.bigint() - start < timeLimitNs) {
  const steps = Math.min(256, rounds - done);
  for (let i = 0; i < steps; i++) createToken(inputs, Math.floor(Date.now() / 1000));
  done += steps;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ figure: "fair_node", value: Math.round((done / seconds) * 10) / 10,
                             unit: "tokens/s", iterations: done, seconds: Math.round(seconds * 1000) / 1000 }));
