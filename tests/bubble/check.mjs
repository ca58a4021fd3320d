// The bubble export: each plugin's files keep the field set of public Bubble plugin
// repositories (plugin-files.schema.json through ajv, and what JSON Schema cannot say
// checked here), and each action's server.js, run as Bubble runs it (one async
// function of (properties, context)), calls 'actionnode serve --http' against the
// emulator: results as return values, failures as error / error message / error status.
// Usage: node check.mjs <package directory> <actionnode> <actionnode-emulator>
import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHookReceiver } from '../exports/hooks.mjs';
import { check, start, stop } from '../http-panel/service.mjs';

const [packageDirectory, actionnode, emulatorProgram] = process.argv.slice(2);
const sourceDirectory = new URL('../..', import.meta.url).pathname;
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addSchema(JSON.parse(readFileSync(new URL('./plugin-files.schema.json', import.meta.url), 'utf8')), 'plugin');
const readJson = (...path) => JSON.parse(readFileSync(join(packageDirectory, ...path), 'utf8'));

function validate(definition, document, where) {
  const valid = ajv.validate(`plugin#/definitions/${definition}`, document);
  return valid ? [] : ajv.errors.map((error) => `${where}${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
}

// What JSON Schema cannot say: ranks run 0, 1, 2, ... and names are unique within a file.
function rankProblems(entries, where) {
  const ranks = entries.map((entry) => entry.rank).sort((a, b) => a - b);
  const names = entries.map((entry) => entry.name);
  const problems = [];
  if (ranks.some((rank, index) => rank !== index)) problems.push(`${where}: ranks ${ranks} do not run from 0`);
  if (new Set(names).size !== names.length) problems.push(`${where}: repeated names in ${names}`);
  return problems;
}

// A server.js as Bubble holds it: the text of one function, not a module.
function serverAction(plugin, actionId) {
  return new Function(`return (${readFileSync(join(packageDirectory, plugin, 'actions', actionId, 'server.js'), 'utf8')});`)();
}

const plugins = {};
for (const plugin of ['with-bundles', 'without-bundles']) {
  const problems = [
    ...validate('metaData', readJson(plugin, 'meta_data.json'), `${plugin}/meta_data.json`),
    ...validate('sharedTechParams', readJson(plugin, 'shared_tech_params.json'), `${plugin}/shared_tech_params.json`),
  ];
  const actions = readdirSync(join(packageDirectory, plugin, 'actions'));
  const params = {};
  for (const actionId of actions) {
    const where = `${plugin}/actions/${actionId}/params.json`;
    params[actionId] = readJson(plugin, 'actions', actionId, 'params.json');
    problems.push(...validate('params', params[actionId], where));
    problems.push(...rankProblems(Object.values(params[actionId].fields), `${where} fields`));
    problems.push(...rankProblems(Object.values(params[actionId].return_value), `${where} return_value`));
    check(typeof serverAction(plugin, actionId) === 'function', `${plugin}/actions/${actionId}/server.js is not a function`);
  }
  check(problems.length === 0, problems.join('\n'));
  const keys = Object.values(readJson(plugin, 'shared_tech_params.json').shared_keys).map((key) => key.caption);
  plugins[plugin] = { actions, params, keys };
  console.log(`ok - ${plugin}: ${actions.length} actions keep the field set of Bubble's GitHub sync`);
}

// The field set check does catch what Bubble's files never hold.
const broken = structuredClone(plugins['with-bundles'].params['daily.create_room']);
const [firstInput] = Object.values(broken.fields).filter((field) => field.editor !== 'Label');
firstInput.editor = 'Slider';
broken.return_value.AZZ = { caption: 'x', name: 'x', rank: 0, value: 'object' };
check(validate('params', broken, 'broken').length >= 2, 'a params.json with an unknown editor and type passed');
console.log('ok - a params.json with an unknown editor and an unknown return type is refused');

const inputNames = (plugin, actionId) => Object.values(plugins[plugin].params[actionId].fields).map((field) => field.name);
check(inputNames('with-bundles', 'daily.create_meeting_token').includes('auto_start_transcription')
  && !inputNames('without-bundles', 'daily.create_meeting_token').includes('auto_start_transcription'),
  'the bundle field is not in with-bundles only');
check(plugins['with-bundles'].keys.includes('Licence') && !plugins['without-bundles'].keys.includes('Licence'),
  'the Licence key is not in with-bundles only');
const transcription = Object.values(plugins['with-bundles'].params['daily.create_meeting_token'].fields)
  .find((field) => field.name === 'auto_start_transcription');
check(/Needs the Video, Audio & Live Bundle/.test(transcription.doc), `the bundle field's note: ${transcription.doc}`);
const opts = Object.values(plugins['with-bundles'].params['daily.create_meeting_token'].fields)
  .find((field) => field.name === 'start_cloud_recording_opts');
check(/Shown when Start Cloud Recording is Yes/.test(opts.doc), `a conditional field's note: ${opts.doc}`);
console.log('ok - bundle fields are marked and only in with-bundles; a condition is the field\'s note');
const eventTypes = Object.values(plugins['with-bundles'].params['daily.create_webhook'].fields)
  .find((field) => field.name === 'event_types');
check(eventTypes.is_list === true && eventTypes.value === 'text' && /A list of: meeting\.started, /.test(eventTypes.doc),
  `the list field: ${JSON.stringify(eventTypes)}`);
const token = Object.values(plugins['with-bundles'].params['daily.create_meeting_token'].return_value)
  .find((value) => value.name === 'token');
check(token.caption === 'Token (sensitive)', `the token's return value: ${JSON.stringify(token)}`);
console.log('ok - a list of choices is a Bubble list of texts; a credential\'s return value says it is one');

const providerKey = 'bubble-test-key';
const emulator = await start(emulatorProgram, ['--port', '0', '--api-key', providerKey]);
const service = await start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off',
  '--connections', 'per-request', '--license-key', join(sourceDirectory, 'tests/data/licenses/test-vendor.pub.pem')],
  { DAILY_API_BASE: `${emulator.url}/v1`, DAILY_MAX_RETRIES: '0' });
try {
  const context = { keys: { 'Host URL': service.url, 'Host API key': '', 'daily api_key': providerKey } };
  const room = await serverAction('with-bundles', 'daily.create_room')({ privacy: 'private', enable_knocking: true }, context);
  check(room.error === false && room.privacy === 'private' && room.name, `create room: ${JSON.stringify(room)}`);
  const token = await serverAction('without-bundles', 'daily.create_meeting_token')(
    { room_name: room.name, is_owner: true, exp: 1893456000, user_name: '' }, context);
  check(token.error === false, `create meeting token: ${JSON.stringify(token)}`);
  const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url'));
  check(claims.r === room.name && claims.o === true, `the token's claims are ${JSON.stringify(claims)}`);
  console.log('ok - server.js creates a private room, then an owner token of it, on the host');

  const gatedInputs = { room_name: room.name, exp: 1893456000, auto_start_transcription: true };
  const createToken = serverAction('with-bundles', 'daily.create_meeting_token');
  const gated = await createToken(gatedInputs, context);
  check(gated.error === true && gated.error_status === 'license_refused' && gated.token === null
    && gated.error_message.startsWith('/auto_start_transcription: '), `without a licence: ${JSON.stringify(gated)}`);
  const license = readFileSync(join(sourceDirectory, 'tests/data/licenses/valid-bundle.json'), 'utf8');
  const licensed = await createToken(gatedInputs, { keys: { ...context.keys, Licence: license } });
  check(licensed.error === false && licensed.token, `with the bundle licence: ${JSON.stringify(licensed)}`);
  console.log('ok - a bundle field comes back as error / error message naming it, and passes with the licence key');

  // A list field as Bubble's server-side actions get it: a list object read with get() and length().
  const bubbleList = (items) => ({ get: async (start, length) => items.slice(start, start + length), length: async () => items.length });
  const receiver = await startHookReceiver();
  try {
    const createWebhook = serverAction('with-bundles', 'daily.create_webhook');
    const licensedContext = { keys: { ...context.keys, Licence: license } };
    const webhook = await createWebhook({ url: receiver.url, event_types: bubbleList(['meeting.started', 'meeting.ended']) },
      licensedContext);
    check(webhook.error === false && JSON.stringify(JSON.parse(webhook.event_types)) === '["meeting.started","meeting.ended"]',
      `create webhook with a list: ${JSON.stringify(webhook)}`);
    const unknownType = await createWebhook({ url: receiver.url, event_types: bubbleList(['meeting.started', 'no.such']) },
      licensedContext);
    check(unknownType.error === true && unknownType.error_message.startsWith('/event_types/1: '),
      `a list with an unknown choice: ${JSON.stringify(unknownType)}`);
  } finally {
    receiver.close();
  }
  console.log('ok - a Bubble list reaches the host as a list, and a wrong item is named by its place');

  const wrongKey = await serverAction('with-bundles', 'daily.create_room')({}, { keys: { ...context.keys, 'daily api_key': 'wrong' } });
  check(wrongKey.error === true && wrongKey.error_status === 'provider_failed' && wrongKey.error_message,
    `a wrong provider key: ${JSON.stringify(wrongKey)}`);
  const badJson = await serverAction('with-bundles', 'daily.create_meeting_token')({ permissions: '{not json' }, context);
  check(badJson.error === true && badJson.error_message.startsWith('/permissions: '), `bad JSON text: ${JSON.stringify(badJson)}`);
  console.log('ok - a refused key and a field that is not JSON text come back as errors');
} finally {
  await stop(service);
  await stop(emulator);
}
