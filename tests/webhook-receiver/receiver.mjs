// 'actionnode serve --http' pushes a trigger's events to a receiver on
// loopback, which verifies every delivery with the Standard Webhooks library
// and with Svix's; a tampered body, a wrong secret and a stale timestamp fail
// there. The receiver then answers 500, times out, goes down and answers 410:
// every event still arrives exactly once (by webhook-id) and in order.
// Last, 'actionnode subscriptions' manages a subscription in the host's store
// while the host runs: the host pushes what the command made and stops once
// the command deleted it; no secret is listed or logged.
// Usage: node receiver.mjs <actionnode> <licence.json> <licence public key>
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { check, start, stop } from '../http-panel/service.mjs';

const [actionnode, license, licenseKey] = process.argv.slice(2);
const dailySecret = Buffer.from('daily-webhook-secret-for-the-push-test').toString('base64');
const trigger = 'daily.waiting_participant_joined';

// The receiver: each request gets the next scripted answer ('hang' never answers), then 200.
const receiver = { script: [], requests: [], processed: [], secret: '', previousSecret: '' };
function verifyWithBoth(secret, body, headers) {
  new StandardWebhook(secret).verify(body, headers);
  new SvixWebhook(secret).verify(body, headers);
}
const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = { 'webhook-id': request.headers['webhook-id'], 'webhook-timestamp': request.headers['webhook-timestamp'],
      'webhook-signature': request.headers['webhook-signature'] };
    const answer = receiver.script.shift() ?? '200';
    receiver.requests.push({ body, headers, answer });
    if (answer === 'hang') return;
    if (answer === '200') {
      try {
        verifyWithBoth(receiver.secret, body, headers);
        if (receiver.previousSecret) verifyWithBoth(receiver.previousSecret, body, headers);
      } catch (error) {
        response.writeHead(400).end();
        console.error(`not ok - a delivery failed to verify: ${error.message}`);
        process.exitCode = 1;
        return;
      }
      // Idempotent by webhook-id, as the specification asks receivers to be.
      if (!receiver.processed.some((seen) => seen.id === headers['webhook-id']))
        receiver.processed.push({ id: headers['webhook-id'], event: JSON.parse(body).event_id });
    }
    response.writeHead(Number(answer)).end();
  });
});
const listen = (port = 0) => new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
await listen();
const port = server.address().port;

async function until(condition, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const storeDirectory = mkdtempSync(join(tmpdir(), 'actionnode-push-'));
const store = join(storeDirectory, 'store.sqlite');
const licensed = ['--license', license, '--license-key', licenseKey];
const service = await start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off', '--store', store,
  ...licensed, '--allow-loopback-targets',
  '--push-retry-schedule', '200,200,200,200,200,200,200,200,200,200,200,200', '--push-timeout-ms', '1000'],
{ DAILY_WEBHOOK_HMAC: dailySecret });
const json = { 'Content-Type': 'application/json' };
const subscriptions = `${service.url}/v1/triggers/${trigger}/subscriptions`;
let failed = false;
let posted = 0;
const sent = [];
// A knock as Daily sends it, signed with the webhook's secret.
async function knock() {
  const id = `knock-${++posted}`;
  const body = JSON.stringify({ version: '1.0.0', type: 'waiting-participant.joined', id, event_ts: Date.now() / 1000,
    payload: { room: 'standup', user_name: 'Guest', session_id: `s-${id}`, owner: false, joined_at: 1893456000 } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', Buffer.from(dailySecret, 'base64')).update(`${timestamp}.${body}`).digest('base64');
  const answer = await fetch(`${service.url}/v1/webhooks/daily`, { method: 'POST',
    headers: { ...json, 'X-Webhook-Timestamp': timestamp, 'X-Webhook-Signature': signature }, body });
  check(answer.status === 200, `the webhook ${id} got HTTP ${answer.status}`);
  sent.push(id);
}
const delivered = () => receiver.processed.map((entry) => entry.event).join();
const allDelivered = () => delivered() === sent.join();

try {
  const created = await fetch(subscriptions, { method: 'POST', headers: json,
    body: JSON.stringify({ target_url: `http://127.0.0.1:${port}/hooks/knock`, filters: { room: 'standup' } }) });
  const subscription = await created.json();
  check(created.status === 201 && subscription.secret?.startsWith('whsec_'), `subscribing: ${created.status}`);
  receiver.secret = subscription.secret;
  const listed = await (await fetch(subscriptions)).text();
  check(!listed.includes(subscription.secret), 'the secret is listed');

  for (let i = 0; i < 3; ++i) await knock();
  await until(allDelivered, 'the first three events');
  console.log('ok - three events delivered in order, each verified by standardwebhooks and svix');

  // A delivery exactly as it came: altered, it must fail with both libraries.
  const { body, headers } = receiver.requests[0];
  const refusedByBoth = (secret, payload, sentHeaders) => [StandardWebhook, SvixWebhook].every((Library) => {
    try { new Library(secret).verify(payload, sentHeaders); return false; } catch { return true; }
  });
  check(refusedByBoth(receiver.secret, body.replace('knock-1', 'knock-X'), headers), 'a tampered body verified');
  check(refusedByBoth(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, body, headers), 'a wrong secret verified');
  const staleAt = new Date(Date.now() - 3600 * 1000);
  const staleSignature = new StandardWebhook(receiver.secret).sign(headers['webhook-id'], staleAt, body);
  check(refusedByBoth(receiver.secret, body, { ...headers, 'webhook-timestamp': String(Math.floor(staleAt / 1000)),
    'webhook-signature': staleSignature }), 'a stale timestamp verified');
  console.log('ok - a tampered body, a wrong secret and a stale timestamp fail with both libraries');

  receiver.script = ['500', '500'];
  await knock();
  await knock();
  await until(allDelivered, 'the events after two 500 answers');
  receiver.script = ['hang'];
  await knock();
  await until(allDelivered, 'the event after a timeout');
  server.close();
  server.closeAllConnections();
  await knock();
  await knock();
  await new Promise((resolve) => setTimeout(resolve, 700));
  await listen(port);
  await until(allDelivered, 'the events sent while the receiver was down');
  const answered = receiver.requests.filter((request) => request.answer === '200').map((request) => request.headers['webhook-id']);
  check(new Set(answered).size === answered.length, `an event was accepted twice: ${answered}`);
  console.log(`ok - after 500s, a timeout and a receiver down, ${sent.length} events arrived exactly once, in order`);

  const rotated = await (await fetch(`${subscriptions}/${subscription.subscription}/rotate-secret`, { method: 'POST' })).json();
  receiver.previousSecret = receiver.secret;
  receiver.secret = rotated.secret;
  await knock();
  await until(allDelivered, 'the event after a rotation');
  console.log('ok - after rotate-secret a delivery verifies with the new secret and with the old one');

  const log = await (await fetch(`${subscriptions}/${subscription.subscription}/deliveries?limit=500`)).json();
  const statuses = log.deliveries.map((attempt) => attempt.status);
  check(statuses.filter((status) => status === 500).length === 2 && statuses.includes(0), `delivery log: ${statuses}`);
  console.log('ok - the delivery log holds the 500s and the attempts without an answer');

  receiver.script = ['410'];
  await knock();
  await until(async () => (await (await fetch(subscriptions)).json()).subscriptions[0].state === 'disabled',
    'the subscription to be disabled by 410');
  await knock();
  await new Promise((resolve) => setTimeout(resolve, 500));
  check(receiver.requests.filter((request) => request.answer === '410').length === 1
    && receiver.requests.at(-1).answer === '410', 'a target that answered 410 got more');
  console.log('ok - 410 Gone disables the subscription');

  // The command line on the host's store, while the host runs.
  const command = (...args) => execFileSync(actionnode, ['subscriptions', ...args, '--store', store, ...licensed],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const made = JSON.parse(command('create', trigger, 'room=standup', '--target-url',
    `http://127.0.0.1:${port}/hooks/cli`, '--allow-loopback-targets'));
  check(made.subscription?.startsWith('sub_') && made.secret?.startsWith('whsec_'), `subscriptions create: ${JSON.stringify(made)}`);
  receiver.secret = made.secret;
  receiver.previousSecret = '';
  const fromCommand = () => receiver.requests.filter((request) => request.headers['webhook-id'].includes(made.subscription.slice(4)));
  await knock();
  await until(() => fromCommand().some((request) => request.answer === '200'), 'the host to push to the subscription the command made');
  check(fromCommand().length === 1, `the command's subscription got ${fromCommand().length} deliveries of one event`);
  const listedByCommand = command('list', trigger);
  check(JSON.parse(listedByCommand).subscriptions.some((entry) => entry.subscription === made.subscription), `subscriptions list: ${listedByCommand}`);
  check(!listedByCommand.includes(made.secret) && !listedByCommand.includes(subscription.secret), 'subscriptions list shows a secret');
  const attempts = JSON.parse(command('deliveries', made.subscription)).deliveries;
  check(attempts.length === 1 && attempts[0].status === 200, `subscriptions deliveries: ${JSON.stringify(attempts)}`);
  console.log('ok - a subscription made by the command is pushed by the running host, verified, and listed without its secret');
  check(JSON.parse(command('delete', made.subscription)).subscription === made.subscription, 'subscriptions delete');
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the host reads the store every second
  await knock();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  check(fromCommand().length === 1, 'the host pushed to a subscription the command deleted');
  for (const secret of [subscription.secret, rotated.secret, made.secret])
    check(!service.stderr().includes(secret), 'the host logged a secret');
  console.log('ok - once the command deleted it, the host pushes no more; no secret is in the host\'s log');
} catch (error) {
  failed = true;
  console.error(`not ok - ${error.stack || error}`);
} finally {
  server.close();
  server.closeAllConnections();
  const code = await stop(service);
  rmSync(storeDirectory, { recursive: true, force: true });
  if (code !== 0) { failed = true; console.error(`not ok - serve exited with ${code} after SIGTERM: ${service.stderr()}`); }
}
process.exit(failed || process.exitCode ? 1 : 0);
