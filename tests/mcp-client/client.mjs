// Connects the official MCP TypeScript SDK client to `actionnode serve --stdio`,
// lists the tools, creates a meeting token, checks a refused call, and uses the
// operations beside the actions against the Daily emulator: a field's choices,
// the connection test (with the caller's own key too), saved inputs migrated.
// Usage: node client.mjs <path to actionnode> <path to actionnode-emulator>
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { start, stop } from "../http-panel/service.mjs";

const [, , actionnode, emulatorProgram] = process.argv;
assert.ok(actionnode && emulatorProgram, "usage: node client.mjs <path to actionnode> <path to actionnode-emulator>");

// Imported here rather than statically so that a missing install fails with
// the way to fix it instead of a module resolution trace.
let Client, StdioClientTransport;
try {
  ({ Client } = await import("@modelcontextprotocol/sdk/client/index.js"));
  ({ StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js"));
} catch (error) {
  console.error(`The MCP SDK is not installed (${error.message}).`);
  console.error("Run: npm ci --prefix tests/mcp-client   (scripts/setup-debian.sh does it)");
  process.exit(1);
}

const apiKey = "mcp-sdk-test-key-7c21";
// A caller's own key, sent per call: it must appear in no answer and no log line.
const canaryKey = "mcp-canary-key-5e83";
const emulator = await start(emulatorProgram, ["--port", "0", "--api-key", apiKey]);
const transport = new StdioClientTransport({
  command: actionnode,
  args: ["serve", "--stdio"],
  env: {
    ...process.env,
    DAILY_API_KEY: apiKey,
    DAILY_TOKEN_MODE: "self-signed",
    DAILY_DOMAIN_ID: "mcp-domain",
    DAILY_DOMAIN: "acme",
    DAILY_API_BASE: `${emulator.url}/v1`,
  },
  stderr: "pipe",
});
let serverLog = "";
transport.stderr?.on("data", (chunk) => (serverLog += chunk));

const client = new Client({ name: "actionnode-test", version: "1.0.0" });
const deadline = setTimeout(() => {
  console.error("timed out");
  process.exit(1);
}, 30000);

try {
  await client.connect(transport);
  assert.equal(client.getServerVersion()?.name, "actionnode");

  const { tools } = await client.listTools();
  const tool = tools.find((t) => t.name === "daily_create_meeting_token");
  assert.ok(tool, `tool missing from ${JSON.stringify(tools.map((t) => t.name))}`);
  assert.equal(tool.title, "Create meeting token");
  assert.ok(tool.inputSchema.properties.room_name, "room_name in the input schema");
  assert.equal(tool.inputSchema.properties.auto_start_transcription, undefined, "locked field left out");
  assert.match(tool.description, /auto_start_transcription \(needs the Video, Audio & Live Bundle\)/);
  assert.ok(tool.outputSchema.properties.token, "token in the output schema");

  const created = await client.callTool({
    name: tool.name,
    arguments: { room_name: "standup", user_name: "Alice", exp: 1893456000 },
  });
  assert.equal(created.isError, false, JSON.stringify(created));
  const token = created.structuredContent.token;
  assert.match(token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  const [header, payload, signature] = token.split(".");
  const expected = createHmac("sha256", apiKey).update(`${header}.${payload}`).digest("base64url");
  assert.equal(signature, expected, "HS256 signature made with the API key");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  assert.deepEqual(
    { r: claims.r, u: claims.u, exp: claims.exp, d: claims.d },
    { r: "standup", u: "Alice", exp: 1893456000, d: "mcp-domain" },
  );
  assert.equal(created.structuredContent.join_url, `https://acme.daily.co/standup?t=${token}`);

  const refused = await client.callTool({
    name: tool.name,
    arguments: { room_name: "not allowed", auto_start_transcription: true },
  });
  assert.equal(refused.isError, true);
  assert.match(refused.content[0].text, /\/room_name/);
  assert.match(refused.content[0].text, /bundle_required/);

  await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), /Unknown tool/);

  // A field's choices, loaded from the provider.
  await fetch(`${emulator.url}/v1/rooms`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ name: "standup" }),
  });
  assert.ok(tools.find((t) => t.name === "actionnode_field_options"), "the field options tool");
  const choices = await client.callTool({
    name: "actionnode_field_options",
    arguments: { action: "daily.create_meeting_token", field: "room_name", search: "stand" },
  });
  assert.equal(choices.isError, false, JSON.stringify(choices));
  assert.deepEqual(choices.structuredContent.options.map((o) => o.value), ["standup"]);
  const noField = await client.callTool({
    name: "actionnode_field_options",
    arguments: { action: "daily.create_meeting_token", field: "nope" },
  });
  assert.equal(noField.isError, true);
  assert.match(noField.content[0].text, /\[not_found\]/);

  // The connection test: the session's key, then a caller's own (refused by the emulator).
  const tested = await client.callTool({ name: "actionnode_test_connection", arguments: { provider: "daily" } });
  assert.equal(tested.isError, false, JSON.stringify(tested));
  assert.equal(tested.structuredContent.status, "ok");
  assert.ok(tested.structuredContent.discovered.domain_id, "the domain id discovered");
  const ownKey = await client.callTool({
    name: "actionnode_test_connection",
    arguments: { provider: "daily" },
    _meta: { "actionnode/connection": { daily: { api_key: canaryKey } } },
  });
  assert.equal(ownKey.isError, true, JSON.stringify(ownKey));
  assert.match(ownKey.content[0].text, /\[provider_error\]/);
  // Only account settings travel with a call: the base URL stays the operator's.
  const redirected = await client.callTool({
    name: tool.name,
    arguments: { room_name: "standup", exp: 1893456000 },
    _meta: { "actionnode/connection": { daily: { api_key: canaryKey, api_base: "http://127.0.0.1:9/v1" } } },
  });
  assert.equal(redirected.isError, true);
  assert.match(redirected.content[0].text, /api_base/);
  assert.match(redirected.content[0].text, /\[invalid_connection\]/);
  for (const answer of [ownKey, redirected])
    assert.ok(!JSON.stringify(answer).includes(canaryKey), "the caller's key was echoed");

  // Inputs saved under 1.0.0: refused as they are, migrated with saved_version.
  assert.ok(tool.inputSchema.properties.saved_version, "saved_version in the input schema");
  const saved = { room_name: "standup", exp: 1893456000, enable_recording: "rtp-tracks" };
  const asSaved = await client.callTool({ name: tool.name, arguments: saved });
  assert.equal(asSaved.isError, true);
  assert.match(asSaved.content[0].text, /\[invalid_input\]/);
  const migrated = await client.callTool({ name: tool.name, arguments: { ...saved, saved_version: "1.0.0" } });
  assert.equal(migrated.isError, false, JSON.stringify(migrated));
  assert.match(migrated.content[1].text, /\[migrated\]/);

  await client.close();
  assert.ok(!serverLog.includes(apiKey), "the API key leaked to the server log");
  assert.ok(!serverLog.includes(canaryKey), "the caller's key leaked to the server log");
  console.log(`MCP SDK client: ${tools.length} tools listed, token created and verified, refusals reported, ` +
    "choices loaded, connection tested (own key too), saved inputs migrated: ok");
  clearTimeout(deadline);
  await stop(emulator);
} catch (error) {
  console.error(error);
  console.error(serverLog);
  await stop(emulator);
  process.exit(1);
}
