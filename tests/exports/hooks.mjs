// What the builder suites share to run an exported trigger end to end: the host started for
// pushes, a licence for the bundle that webhooks and their triggers belong to, the builder's
// hook endpoint, a knock in the emulator, and the host's list of subscriptions.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, start } from '../http-panel/service.mjs';

const licenses = fileURLToPath(new URL('../data/licenses', import.meta.url));

// A licence of the Video, Audio & Live bundle, valid for a day, signed with the test vendor's key.
export function signLicense(actionnode, licensee) {
  return execFileSync(actionnode, ['license', 'sign', '--key', join(licenses, 'test-vendor.key.pem'),
    '--licensee', licensee, '--bundle', 'video_audio_live',
    '--expires', new Date(Date.now() + 86400000).toISOString().replace(/\.\d+Z$/, 'Z')]).toString();
}

/*
  'actionnode serve --http' in front of the emulator, each caller's Daily account per request,
  pushing to loopback targets; its public URL is its own address, so that a subscription registers
  the caller's account's Daily webhook there and Daily posts that account's events to it.
*/
export function startPushingHost(actionnode, emulator) {
  return start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off', '--connections', 'per-request',
    '--allow-loopback-targets', '--public-url', 'http://127.0.0.1:0', '--license-key', join(licenses, 'test-vendor.pub.pem')],
  { DAILY_API_BASE: `${emulator.url}/v1`, DAILY_MAX_RETRIES: '0' });
}

// The Daily webhooks of providerKey's account, as Daily's API lists them.
async function dailyWebhooks(emulator, providerKey) {
  const answer = await fetch(`${emulator.url}/v1/webhooks`, { headers: { Authorization: `Bearer ${providerKey}` } });
  check(answer.status === 200, `listing the account's Daily webhooks: HTTP ${answer.status}`);
  return answer.json();
}

// Waits until providerKey's account holds count Daily webhooks, each at the host's own endpoints.
export async function untilAccountWebhooks(service, emulator, providerKey, count) {
  let webhooks = [];
  await until(() => webhooks.length === count, `the account holding ${count} Daily webhook(s)`, async () => {
    webhooks = await dailyWebhooks(emulator, providerKey);
  });
  check(webhooks.every((webhook) => webhook.url.startsWith(`${service.url}/v1/webhooks/daily/`)),
    `Daily holds ${JSON.stringify(webhooks)}`);
}

// The builder's hook endpoint on loopback: each request's headers and raw body, in order.
export async function startHookReceiver() {
  const deliveries = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, content: Buffer.concat(chunks).toString() });
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { deliveries, url: `http://127.0.0.1:${server.address().port}/hooks/knock`, close: () => server.close() };
}

// Waits up to 15 s for condition, calling refresh (when given) before each look.
export async function until(condition, what, refresh = async () => {}) {
  for (let waited = 0; (await refresh(), !condition()); waited += 50) {
    check(waited < 15000, `${what} did not happen within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Settles long enough for a second, unwanted delivery to arrive.
export const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

// A guest knocking at room in the emulator, which Daily then posts to the host.
export function knock(emulator, room) {
  return fetch(`${emulator.url}/_emulator/daily/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'waiting-participant.joined', room, user_name: 'Guest' }) });
}

// The host's subscriptions of the knocking trigger, asked with a licence and a Daily account.
export async function knockSubscriptions(service, license, providerKey) {
  const answer = await fetch(`${service.url}/v1/triggers/daily.waiting_participant_joined/subscriptions`, {
    headers: { 'X-ActionNode-License': Buffer.from(license).toString('base64'),
      'X-ActionNode-Connection': Buffer.from(JSON.stringify({ daily: { api_key: providerKey } })).toString('base64') },
  });
  const body = await answer.json();
  check(answer.status === 200, `listing the subscriptions: HTTP ${answer.status} ${JSON.stringify(body)}`);
  return body.subscriptions;
}
