// Connects the official MCP TypeScript SDK client to `actionnode serve --stdio`,
// lists the tools, creates a meeting token and checks a refused call.
// Usage: node client.mjs <path to actionnode>
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";

const [, , actionnode] = process.argv;
assert.ok(actionnode, "usage: node client.mjs <path to actionnode>");

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
const transport = new StdioClientTransport({
  command: actionnode,
  args: ["serve", "--stdio"],
  env: {
    ...process.env,
    DAILY_API_KEY: apiKey,
    DAILY_TOKEN_MODE: "self-signed",
    DAILY_DOMAIN_ID: "mcp-domain",
    DAILY_DOMAIN: "acme",
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
  await client.close();
  assert.ok(!serverLog.includes(apiKey), "the API key leaked to the server log");
  console.log(`MCP SDK client: ${tools.length} tools listed, token created and verified, refusals reported: ok`);
  clearTimeout(deadline);
} catch (error) {
  console.error(error);
  console.error(serverLog);
  process.exit(1);
}
