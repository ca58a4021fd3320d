// The exported trigger node's webhook lifecycle in n8n's own engine against
// 'actionnode serve --http' and the Daily emulator: activating the workflow
// subscribes on the host with the workflow's webhook URL and the host, started
// with --public-url pointing at itself, registers Daily's webhook in the
// emulator; a knock in the emulator gives one execution whose item is the
// event's outputs, a forged delivery none, and deactivating removes the
// subscription and Daily's webhook with it.
// Usage: node trigger.test.mjs <actionnode> <actionnode-emulator> <source dir>
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, start, stop } from '../http-panel/service.mjs';
import { loadPackage, webhookTrigger } from './engine.mjs';

const [actionnode, emulatorProgram, sourceDir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const providerKey = 'n8n-trigger-daily-key-0c2f';
const hostKey = 'n8n-trigger-host-key-9b41';
const workspace = mkdtempSync(join(tmpdir(), 'actionnode-n8n-trigger-'));
process.env.N8N_USER_FOLDER = workspace;
const licenses = join(sourceDir, 'tests/data/licenses');
const license = execFileSync(actionnode, ['license', 'sign', '--key', join(licenses, 'test-vendor.key.pem'),
  '--licensee', 'n8n trigger test', '--bundle', 'video_audio_live',
  '--expires', new Date(Date.now() + 86400000).toISOString().replace(/\.\d+Z$/, 'Z')]).toString();
writeFileSync(join(workspace, 'keys'), `sha256:${createHash('sha256').update(hostKey).digest('hex')}\n`);

// n8n's webhook receiver: each request goes to the node's webhook(); what it starts is an execution.
const executions = [];
const refusals = [];
let trigger;
const receiver = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    const rawBody = Buffer.concat(chunks);
    let status = 200;
    const reply = { status(code) { status = code; return { json() {} }; } };
    const answer = await trigger.receive({ headers: request.headers, body: JSON.parse(rawBody), rawBody,
      params: {}, query: {} }, reply);
    if (answer.workflowData) executions.push(answer.workflowData);
    else refusals.push(status);
    response.writeHead(status).end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const until = async (condition, what) => {
  for (let waited = 0; !(await condition()); waited += 50) {
    check(waited < 15000, `${what} did not happen within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

let failed = false;
let emulator;
let service;
try {
  emulator = await start(emulatorProgram, ['--port', '0', '--api-key', providerKey]);
  service = await start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off',
    '--api-keys', join(workspace, 'keys'), '--license-key', join(licenses, 'test-vendor.pub.pem'),
    '--allow-loopback-targets', '--public-url', 'http://127.0.0.1:0'], {
    DAILY_API_KEY: providerKey, DAILY_API_BASE: `${emulator.url}/v1`, DAILY_MAX_RETRIES: '0',
  });
  const pkg = join(workspace, 'package');
  execFileSync(actionnode, ['export', 'n8n', '--out', pkg, '--provider', 'daily']);
  symlinkSync(join(here, 'node_modules'), join(pkg, 'node_modules'));
  const engine = await loadPackage(pkg);
  const credentials = { actionnodeDailyApi: { hostUrl: service.url, apiKey: hostKey, license } };
  const asHost = { Authorization: `Bearer ${hostKey}`, 'Content-Type': 'application/json',
    'X-ActionNode-License': Buffer.from(license).toString('base64') };
  // Daily's webhooks, as the host's account sees them.
  const dailyWebhooks = async () => (await fetch(`${emulator.url}/v1/webhooks`,
    { headers: { Authorization: `Bearer ${providerKey}` } })).json();

  const node = { id: 'knock', name: 'Knock', type: `${engine.prefix}actionnodeDailyTrigger`, typeVersion: 1,
    position: [0, 0], webhookId: 'knock-hook', credentials: { actionnodeDailyApi: { id: '1', name: 'Daily' } },
    parameters: { event: 'daily.waiting_participant_joined', filters: { room: 'standup' } } };
  const address = receiver.address();
  trigger = webhookTrigger(engine, credentials, node, `http://127.0.0.1:${address.port}/webhook`);
  const subscriptions = async () => (await (await fetch(
    `${service.url}/v1/triggers/daily.waiting_participant_joined/subscriptions`, { headers: asHost })).json()).subscriptions;

  check(await trigger.exists() === false, 'a subscription exists before activation');
  await trigger.activate();
  const active = await subscriptions();
  check(active.length === 1 && active[0].target_url === trigger.url() && active[0].filters.room === 'standup',
    `after activation the host holds ${JSON.stringify(active)}`);
  check(await trigger.exists() === true, 'checkExists does not find the subscription it made');
  console.log(`ok - activating subscribes on the host with the workflow's webhook URL (${trigger.url()})`);
  let webhooks = [];
  await until(async () => (webhooks = await dailyWebhooks()).length === 1, 'registering Daily\'s webhook');
  check(webhooks[0].url.startsWith(`${service.url}/v1/webhooks/daily/`)
    && JSON.stringify(webhooks[0].eventTypes) === '["waiting-participant.joined"]',
    `the emulator holds ${JSON.stringify(webhooks.map(({ url, eventTypes }) => ({ url, eventTypes })))}`);
  console.log(`ok - activating registers one Daily webhook in the emulator (${webhooks[0].url})`);

  const knock = (room) => fetch(`${emulator.url}/_emulator/daily/events`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'waiting-participant.joined', room, user_name: 'Guest' }) });
  await knock('elsewhere');
  await knock('standup');
  await until(() => executions.length > 0, 'an execution');
  await new Promise((resolve) => setTimeout(resolve, 500));
  check(executions.length === 1, `${executions.length} executions for one knock in the room`);
  const item = executions[0][0][0].json;
  check(item.room === 'standup' && item.user_name === 'Guest' && typeof item.event_id === 'string',
    `the execution's item is ${JSON.stringify(item)}`);
  console.log(`ok - a knock gives one execution whose item is the event's outputs: ${JSON.stringify(item)}`);

  const forged = await fetch(trigger.url(), { method: 'POST', headers: { 'Content-Type': 'application/json',
    'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
    'webhook-signature': `v1,${randomBytes(32).toString('base64')}` }, body: JSON.stringify({ outputs: { room: 'standup' } }) });
  check(forged.status === 401 && refusals.join() === '401' && executions.length === 1, `a forged delivery got HTTP ${forged.status}`);
  console.log('ok - a delivery not signed with the subscription\'s secret starts nothing (401)');

  await trigger.deactivate();
  check((await subscriptions()).length === 0, 'the subscription outlived deactivation');
  check(await trigger.exists() === false, 'checkExists finds a deleted subscription');
  console.log('ok - deactivating deletes the subscription');
  await until(async () => (await dailyWebhooks()).length === 0, 'deleting Daily\'s webhook');
  console.log('ok - deactivating deletes Daily\'s webhook');
} catch (error) {
  failed = true;
  console.error(`not ok - ${error.stack || error}`);
} finally {
  receiver.close();
  if (service) {
    const code = await stop(service);
    if (code !== 0) { failed = true; console.error(`not ok - serve exited with ${code} after SIGTERM`); }
  }
  await stop(emulator);
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
