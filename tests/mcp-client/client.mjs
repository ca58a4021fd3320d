// Connects the official MCP TypeScript SDK client to `actionnode serve --stdio`,
// lists the tools, creates a meeting token, checks a refused call, and uses the
// operations beside the actions against the Daily emulator: a field's choices,
// the connection test (with the caller's own key too), saved inputs migrated.
// A second server, with a store, a licence and a webhook port, offers the push
// subscriptions as tools: one is created and listed with the caller's own
// account in _meta, and a knock received on the webhook port is pushed to it.
// Usage: node client.mjs <path to actionnode> <path to actionnode-emulator>
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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

// The subscription tools of a server with a store, for the caller's own Daily account and the host's;
// the server pushes too, each event to the subscriptions of the account it belongs to.
async function pushSubscriptions() {
  const licenses = fileURLToPath(new URL("../data/licenses/", import.meta.url));
  const webhookSecret = Buffer.from("mcp-webhook-secret-for-the-push-tools").toString("base64");
  const storeDirectory = mkdtempSync(join(tmpdir(), "actionnode-mcp-push-"));
  const pushes = [];
  const receiver = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      pushes.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const pushTransport = new StdioClientTransport({
    command: actionnode,
    args: ["serve", "--stdio", "--store", join(storeDirectory, "store.sqlite"), "--allow-loopback-targets",
      "--webhook-port", "0", "--license", join(licenses, "valid-bundle.json"),
      "--license-key", join(licenses, "test-vendor.pub.pem")],
    env: { ...process.env, DAILY_WEBHOOK_HMAC: webhookSecret },
    stderr: "pipe",
  });
  let log = "";
  pushTransport.stderr?.on("data", (chunk) => (log += chunk));
  const pushClient = new Client({ name: "actionnode-push-test", version: "1.0.0" });
  try {
    await pushClient.connect(pushTransport);
    const names = (await pushClient.listTools()).tools.map((t) => t.name);
    for (const name of ["create_subscription", "list_subscriptions", "delete_subscription",
      "rotate_subscription_secret", "subscription_deliveries", "redeliver_subscription"])
      assert.ok(names.includes(`actionnode_${name}`), `actionnode_${name} missing from ${names}`);
    const trigger = "daily.waiting_participant_joined";
    const own = { "actionnode/connection": { daily: { api_key: canaryKey } } };
    const created = await pushClient.callTool({ name: "actionnode_create_subscription", _meta: own,
      arguments: { trigger, target_url: `http://127.0.0.1:${receiver.address().port}/knock`, filters: { room: "standup" } } });
    assert.equal(created.isError, false, JSON.stringify(created));
    const { subscription, secret } = created.structuredContent;
    assert.match(secret, /^whsec_/);
    const listed = await pushClient.callTool({ name: "actionnode_list_subscriptions", _meta: own, arguments: { trigger } });
    assert.deepEqual(listed.structuredContent.subscriptions.map((entry) => entry.subscription), [subscription]);
    assert.equal(listed.structuredContent.subscriptions[0].target_url, created.structuredContent.target_url);
    assert.ok(!JSON.stringify(listed).includes(secret), "the secret was listed");
    // Another account (the host's own, without _meta) does not see it.
    const others = await pushClient.callTool({ name: "actionnode_list_subscriptions", arguments: { trigger } });
    assert.deepEqual(others.structuredContent.subscriptions, []);
    // The host's own account subscribes too: events on the host's webhook port are that account's.
    const hosts = await pushClient.callTool({ name: "actionnode_create_subscription",
      arguments: { trigger, target_url: `http://127.0.0.1:${receiver.address().port}/host`, filters: { room: "standup" } } });
    assert.equal(hosts.isError, false, JSON.stringify(hosts));

    // A knock received on the webhook port is pushed to the host's account only, signed with its secret.
    const webhooks = /receiving webhooks at (\S+)\/v1\/webhooks/.exec(log)?.[1];
    assert.ok(webhooks, `no webhook address in ${log}`);
    const body = JSON.stringify({ version: "1.0.0", type: "waiting-participant.joined", id: "mcp-knock-1",
      event_ts: Date.now() / 1000, payload: { room: "standup", user_name: "Guest", session_id: "s-1", owner: false,
        joined_at: 1893456000 } });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac("sha256", Buffer.from(webhookSecret, "base64")).update(`${timestamp}.${body}`).digest("base64");
    const received = await fetch(`${webhooks}/v1/webhooks/daily`, { method: "POST", body,
      headers: { "Content-Type": "application/json", "X-Webhook-Timestamp": timestamp, "X-Webhook-Signature": signature } });
    assert.equal(received.status, 200);
    for (let waited = 0; pushes.length === 0 && waited < 10000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(pushes.length, 1, "the knock was not pushed");
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(pushes.map((push) => push.path), ["/host"], "the knock reached another account's subscription");
    const pushed = pushes[0];
    const key = Buffer.from(hosts.structuredContent.secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key)
      .update(`${pushed.headers["webhook-id"]}.${pushed.headers["webhook-timestamp"]}.${pushed.body}`).digest("base64");
    assert.equal(pushed.headers["webhook-signature"], `v1,${expected}`);
    assert.equal(JSON.parse(pushed.body).event_id, "mcp-knock-1");
    const log1 = await pushClient.callTool({ name: "actionnode_subscription_deliveries",
      arguments: { subscription: hosts.structuredContent.subscription, limit: 5 } });
    assert.equal(log1.structuredContent.deliveries[0].status, 204, JSON.stringify(log1));
    const log2 = await pushClient.callTool({ name: "actionnode_subscription_deliveries", _meta: own,
      arguments: { subscription, limit: 5 } });
    assert.deepEqual(log2.structuredContent.deliveries, [], JSON.stringify(log2));
    const deleted = await pushClient.callTool({ name: "actionnode_delete_subscription", _meta: own, arguments: { subscription } });
    assert.equal(deleted.structuredContent.subscription, subscription);
    await pushClient.close();
    assert.ok(!log.includes(secret) && !log.includes(canaryKey), "a secret or key is in the server log");
  } catch (error) {
    console.error(log);
    throw error;
  } finally {
    receiver.close();
    rmSync(storeDirectory, { recursive: true, force: true });
  }
}

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
  await pushSubscriptions();
  assert.ok(!serverLog.includes(apiKey), "the API key leaked to the server log");
  assert.ok(!serverLog.includes(canaryKey), "the caller's key leaked to the server log");
  console.log(`MCP SDK client: ${tools.length} tools listed, token created and verified, refusals reported, ` +
    "choices loaded, connection tested (own key too), saved inputs migrated, a push subscription created, listed " +
    "and pushed to: ok");
  clearTimeout(deadline);
  await stop(emulator);
} catch (error) {
  console.error(error);
  console.error(serverLog);
  await stop(emulator);
  process.exit(1);
}
