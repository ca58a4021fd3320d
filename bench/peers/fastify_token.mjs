// Fastify peer of 'actionnode serve --http': the same invoke route done the
// way a Node service would do it. Ajv validates the body against the
// declaration's own inputs schema, the claims are mapped by hand as
// Daily's self-signing documents them, and jsonwebtoken signs HS256 with a
// KeyObject made once. Prints "listening on http://127.0.0.1:PORT" first.
// usage: DAILY_API_KEY=... DAILY_DOMAIN_ID=... node fastify_token.mjs DECLARATION.json
import { createSecretKey } from "node:crypto";
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import Fastify from "fastify";
import jwt from "jsonwebtoken";

const declaration = JSON.parse(readFileSync(process.argv[2], "utf8"));
const validate = new Ajv({ allErrors: true, strict: false, logger: false }).compile(declaration.inputs);
const key = createSecretKey(Buffer.from(process.env.DAILY_API_KEY));
const domainId = process.env.DAILY_DOMAIN_ID;
// jsonwebtoken adds iat itself, as actionnode does.
const signOptions = { algorithm: "HS256" };

// Top-level fields map to their claim; permissions are mapped by hand.
const claimOf = Object.fromEntries(Object.entries(declaration.inputs.properties)
  .filter(([, schema]) => typeof schema["x-claim"] === "string" && schema.type !== "object")
  .map(([name, schema]) => [name, schema["x-claim"]]));
const sendCodes = { video: "v", audio: "a", screenVideo: "sv", screenAudio: "sa" };

function claimsFor(inputs) {
  const claims = { d: domainId };
  for (const [name, value] of Object.entries(inputs)) {
    if (claimOf[name]) claims[claimOf[name]] = value;
  }
  const permissions = inputs.permissions;
  if (permissions) {
    const p = {};
    if (Array.isArray(permissions.canSend)) p.cs = permissions.canSend.map((v) => sendCodes[v]).join(",");
    else if (typeof permissions.canSend === "boolean") p.cs = permissions.canSend;
    if (permissions.hasPresence !== undefined) p.hp = permissions.hasPresence;
    claims.p = p;
  }
  return claims;
}

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post(`/v1/actions/${declaration.id}/invoke`, async (request, reply) => {
  if (!validate(request.body)) {
    reply.code(422);
    return {
      status: "invalid_input",
      errors: validate.errors.map((e) => ({ code: "invalid_input", field: e.instancePath, rule: e.keyword, message: e.message })),
    };
  }
  return { status: "succeeded", outputs: { token: jwt.sign(claimsFor(request.body), key, signOptions) } };
});
const address = await app.listen({ host: "127.0.0.1", port: 0 });
console.log(`listening on ${address}`);
