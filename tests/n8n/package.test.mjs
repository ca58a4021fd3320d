// The exported n8n package runs in n8n's own engine against 'actionnode
// serve --http' and the Daily emulator: the credential test, a workflow of
// Manual Trigger → Create room → Create meeting token, loadOptions, and a
// bundle-gated field refused by name, with and without Continue On Fail.
// Usage: node package.test.mjs <actionnode> <actionnode-emulator>
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, start, stop } from '../http-panel/service.mjs';
import { listSearch, loadPackage, runWorkflow, testCredential } from './engine.mjs';

const [actionnode, emulatorProgram] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const providerKey = 'n8n-test-daily-key-5d1e';
const hostKey = 'n8n-test-host-key-77aa';
const workspace = mkdtempSync(join(tmpdir(), 'actionnode-n8n-'));
// n8n keeps its settings (an encryption key it makes) in its user folder: this test's own.
process.env.N8N_USER_FOLDER = workspace;
writeFileSync(join(workspace, 'keys'), `sha256:${createHash('sha256').update(hostKey).digest('hex')}\n`);
let failed = false;
let emulator;
let service;
try {
  emulator = await start(emulatorProgram, ['--port', '0', '--api-key', providerKey]);
  // The host holds no Daily account: the n8n credential brings it with each call.
  service = await start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off',
    '--connections', 'per-request', '--api-keys', join(workspace, 'keys')], {
    DAILY_API_BASE: `${emulator.url}/v1`, DAILY_TOKEN_MODE: 'self-signed', DAILY_MAX_RETRIES: '0',
  });
  const pkg = join(workspace, 'package');
  execFileSync(actionnode, ['export', 'n8n', '--out', pkg, '--provider', 'daily']);
  // n8n resolves a community package's n8n-workflow to its own: here, the one of this test.
  symlinkSync(join(here, 'node_modules'), join(pkg, 'node_modules'));
  const engine = await loadPackage(pkg);
  const type = `${engine.prefix}actionnodeDaily`;
  check(engine.prefix === 'n8n-nodes-actionnode-daily.', `the package is named ${engine.prefix}`);
  console.log(`ok - PackageDirectoryLoader loads ${Object.keys(engine.loader.nodeTypes).join(', ')}`);
  // A parameter stands at the top level or in a collection's options.
  const parameters = (list) => list.flatMap((property) => [property,
    ...(property.type === 'collection' ? parameters(property.options) : [])]);
  const eventTypes = parameters(engine.loader.nodeTypes.actionnodeDaily.type.description.properties)
    .filter((property) => property.name === 'event_types');
  check(eventTypes.length > 0 && eventTypes.every((property) => property.type === 'multiOptions'
    && property.options.some((option) => option.value === 'meeting.started')),
  `event_types is ${JSON.stringify(eventTypes).slice(0, 300)}`);
  console.log('ok - a list of choices is an n8n multiOptions parameter');

  const credential = { hostUrl: service.url, apiKey: hostKey, license: '', dailyApiKey: providerKey };
  const tested = await testCredential(engine, 'actionnodeDailyApi', credential, type);
  check(tested.status === 'OK' && tested.json.status === 'ok', `the credential test failed: ${JSON.stringify(tested)}`);
  const refused = await testCredential(engine, 'actionnodeDailyApi', { ...credential, dailyApiKey: 'wrong-key' }, type);
  check(refused.status === 'Error', `a wrong Daily key passed the credential test: ${JSON.stringify(refused)}`);
  const noHostKey = await testCredential(engine, 'actionnodeDailyApi', { ...credential, apiKey: 'nope' }, type);
  check(noHostKey.status === 'Error', `a wrong host key passed the credential test: ${JSON.stringify(noHostKey)}`);
  console.log(`ok - the credential test passes with the right key and fails with a wrong one (${refused.message})`);
  // What the test discovered completes the account, as a user copies it into the credential.
  credential.dailyDomainId = tested.json.discovered.domain_id;
  const credentials = { actionnodeDailyApi: credential };

  const room = `n8n-${process.pid}`;
  const node = (name, parameters, extra = {}) => ({
    id: name, name, type, typeVersion: 1, position: [0, 0], parameters,
    credentials: { actionnodeDailyApi: { id: '1', name: 'Daily' } }, ...extra,
  });
  const startNode = { id: 'start', name: 'Start', type: 'harness.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
  const chain = (...names) => Object.fromEntries(names.slice(0, -1).map((name, index) => [
    name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]));
  const run = await runWorkflow(engine, credentials, {
    nodes: [startNode,
      node('Create room', { resource: 'rooms', operation: 'createRoom',
        additionalFields: { name: room, privacy: 'private', enable_knocking: true } }),
      node('Create meeting token', { resource: 'meetingTokens', operation: 'createMeetingToken',
        // The room field is a resource locator, here given by value with an expression.
        additionalFields: { room_name: { __rl: true, mode: 'id', value: '={{ $json.name }}' }, is_owner: true,
          exp: 1893456000 } })],
    connections: chain('Start', 'Create room', 'Create meeting token'),
  });
  check(run.status === 'success', `the workflow ended ${run.status}: ${run.data.resultData.error?.message}`);
  const created = run.data.resultData.runData['Create room'][0].data.main[0][0];
  check(created.json.name === room && created.json.privacy === 'private', `Create room gave ${JSON.stringify(created.json)}`);
  const stored = await (await fetch(`${emulator.url}/v1/rooms/${room}`, { headers: { Authorization: `Bearer ${providerKey}` } })).json();
  check(stored.privacy === 'private' && stored.config?.enable_knocking === true, `the emulator holds ${JSON.stringify(stored)}`);
  const token = run.data.resultData.runData['Create meeting token'][0].data.main[0][0].json.token;
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  check(claims.r === room && claims.o === true && claims.d === credential.dailyDomainId && claims.exp === 1893456000,
    `the token's claims are ${JSON.stringify(claims)}`);
  console.log(`ok - WorkflowExecute runs Start → Create room (private, knocking) → Create meeting token: claims ${JSON.stringify(claims)}`);

  // The rooms come from a paged list: the room field is a resource locator whose list the host searches.
  const tokenNode = node('Create meeting token', { resource: 'meetingTokens', operation: 'createMeetingToken' });
  const searched = await listSearch(engine, credentials, tokenNode, 'searchCreateMeetingTokenRoomName');
  check(searched.results.some((choice) => choice.value === room && choice.name === room) && !searched.paginationToken,
    `listSearch gave ${JSON.stringify(searched)}`);
  const found = await listSearch(engine, credentials, tokenNode, 'searchCreateMeetingTokenRoomName', room);
  check(found.results.length === 1 && found.results[0].value === room, `a search for ${room} gave ${JSON.stringify(found)}`);
  console.log(`ok - listSearch lists the emulator's rooms (${searched.results.length}) and finds one by its name`);

  // Each item is one invocation, its answer in the item's place, several in flight at once:
  // the emulator holds each answer back and counts the requests waiting together.
  await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
  await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ delayMs: 300, count: 12 }) });
  const batch = await runWorkflow(engine, credentials, {
    nodes: [startNode, node('Create rooms', { resource: 'rooms', operation: 'createRoom',
      additionalFields: { name: `={{ 'n8n-batch-${process.pid}-' + $json.index }}` } })],
    connections: chain('Start', 'Create rooms'),
  }, Array.from({ length: 12 }, (_, index) => ({ json: { index } })));
  const rooms = batch.data.resultData.runData['Create rooms'][0].data.main[0];
  check(batch.status === 'success' && rooms.length === 12 && rooms.every((item, index) =>
    item.json.name === `n8n-batch-${process.pid}-${index}` && item.pairedItem.item === index),
  `12 items gave ${JSON.stringify(rooms.map((item) => [item.json.name, item.pairedItem]))}`);
  const { requests, peakConcurrentRequests } = await (await fetch(`${emulator.url}/_emulator/stats`)).json();
  check(requests === 12 && peakConcurrentRequests > 1, `12 items reached the provider ${requests} times, `
    + `at most ${peakConcurrentRequests} at once`);
  console.log(`ok - 12 items are 12 invocations, each answer paired with its item, up to ${peakConcurrentRequests} at once`);

  // A page token is the cursor of the page after it: the rooms after the first one the provider lists.
  const listed = (await (await fetch(`${emulator.url}/v1/rooms`, { headers: { Authorization: `Bearer ${providerKey}` } })).json()).data;
  const afterFirst = await listSearch(engine, credentials, tokenNode, 'searchCreateMeetingTokenRoomName', '', listed[0].id);
  check(listed.length > 1 && !afterFirst.results.some((choice) => choice.value === listed[0].name)
    && afterFirst.results.some((choice) => choice.value === listed[1].name),
  `the page after ${listed[0].name} gave ${JSON.stringify(afterFirst)}`);
  console.log('ok - a listSearch page token is the host\'s cursor: the page after the first room');

  const gated = { resource: 'rooms', operation: 'createRoom', transcription: { auto_start_transcription: true } };
  const stopped = await runWorkflow(engine, credentials, {
    nodes: [startNode, node('Create room', gated)], connections: chain('Start', 'Create room'),
  });
  const error = stopped.data.resultData.error;
  check(stopped.status === 'error' && error?.message.startsWith('/auto_start_transcription: ')
    && error.context?.code === 'bundle_required' && error.context?.field === '/auto_start_transcription'
    && error.name === 'NodeOperationError',
  `without a licence the gated field gave ${stopped.status}: ${JSON.stringify(error)}`);
  console.log(`ok - a bundle-gated field without licence stops the node: ${error.message}`);
  const carried = await runWorkflow(engine, credentials, {
    nodes: [startNode, node('Create room', gated, { continueOnFail: true })], connections: chain('Start', 'Create room'),
  });
  const item = carried.data.resultData.runData['Create room'][0].data.main[0][0].json;
  check(carried.status === 'success' && item.code === 'bundle_required' && item.field === '/auto_start_transcription'
    && item.error.startsWith('/auto_start_transcription: '), `with Continue On Fail the item is ${JSON.stringify(item)}`);
  console.log('ok - with Continue On Fail the item carries the error, its code and its field');
} catch (error) {
  failed = true;
  console.error(`not ok - ${error.stack || error}`);
} finally {
  if (service) {
    const code = await stop(service);
    if (code !== 0) { failed = true; console.error(`not ok - serve exited with ${code} after SIGTERM`); }
  }
  await stop(emulator);
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
