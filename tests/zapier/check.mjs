// The zapier export, run by Zapier's own tools: zapier-platform-schema validates the app
// definition, and zapier-platform-core's app tester runs its connection test, creates,
// searches, a dynamic dropdown, its dynamic fields and a hook trigger against
// 'actionnode serve --http' and the emulator.
// Usage: node check.mjs <package directory> <actionnode> <actionnode-emulator>
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { check, start, stop } from '../http-panel/service.mjs';

const require = createRequire(import.meta.url);
// As under 'zapier-platform test': the core leaves out its memory report of each run.
process.env.NODE_ENV = 'test';
const zapier = require('zapier-platform-core');
const { validateAppDefinition } = require('zapier-platform-schema');
const { compileApp, serializeApp } = require('zapier-platform-core/src/tools/schema');
const [packageDirectory, actionnode, emulatorProgram] = process.argv.slice(2);
const app = require(join(packageDirectory, 'index.js'));

// The app as 'zapier-platform validate' checks it: compiled, its functions replaced by their source.
const definition = (raw) => serializeApp(compileApp(raw));
const validation = validateAppDefinition(definition(app));
check(validation.errors.length === 0, `the app breaks Zapier's schema: ${validation.errors.map(String).join('\n')}`);
const broken = { ...app, creates: { ...app.creates, 'bad key!': app.creates.daily_create_room } };
check(validateAppDefinition(definition(broken)).errors.length > 0, 'a create with a bad key passed the schema');
console.log(`ok - the app passes zapier-platform-schema (${Object.keys(app.creates).length} creates, `
  + `${Object.keys(app.searches).length} searches, ${Object.keys(app.triggers).length} triggers); a broken copy does not`);
check(app.searches.daily_get_room && app.creates.daily_create_room && !app.creates.daily_get_room,
  'read-only actions are not searches, or changing ones not creates');

const providerKey = 'zapier-test-key';
const emulator = await start(emulatorProgram, ['--port', '0', '--api-key', providerKey]);
const service = await start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off',
  '--connections', 'per-request'], { DAILY_API_BASE: `${emulator.url}/v1`, DAILY_MAX_RETRIES: '0' });
try {
  const appTester = zapier.createAppTester(app);
  const authData = { host_url: service.url, daily_api_key: providerKey };
  const tested = await appTester(app.authentication.test, { authData });
  check(tested.daily.status === 'ok', `the connection test: ${JSON.stringify(tested)}`);
  const refused = await appTester(app.authentication.test, { authData: { ...authData, daily_api_key: 'wrong' } })
    .then(() => null, (error) => error);
  check(refused && /invalid|refused|key/i.test(refused.message), `a wrong key passed the connection test: ${refused}`);
  console.log('ok - the connection test passes with the key and fails with a wrong one');

  const room = await appTester(app.creates.daily_create_room.operation.perform,
    { authData, inputData: { privacy: 'private', enable_knocking: 'true' } });
  check(room.privacy === 'private' && room.name, `create room: ${JSON.stringify(room)}`);
  const token = await appTester(app.creates.daily_create_meeting_token.operation.perform,
    { authData, inputData: { room_name: room.name, is_owner: true, exp: '1893456000' } });
  const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url'));
  check(claims.r === room.name && claims.o === true, `the token's claims are ${JSON.stringify(claims)}`);
  const [found] = await appTester(app.searches.daily_get_room.operation.perform, { authData, inputData: { room_name: room.name } });
  check(found.name === room.name, `get room: ${JSON.stringify(found)}`);
  console.log('ok - Create room, then Create meeting token (owner of it), then the Get room search run on the host');

  const roomField = app.creates.daily_create_meeting_token.operation.inputFields.find((field) => field.key === 'room_name');
  const [optionsTrigger] = roomField.dynamic.split('.');
  const choices = await appTester(app.triggers[optionsTrigger].operation.perform, { authData });
  check(choices.some((choice) => choice.id === room.name && choice.name === room.name), `the room choices: ${JSON.stringify(choices)}`);
  console.log('ok - the room field is a dynamic dropdown listing the emulator\'s rooms');

  const fieldsFor = async (inputData) => (await appTester(app.creates.daily_create_meeting_token.operation.inputFields,
    { authData, inputData })).map((field) => field.key);
  check(!(await fieldsFor({})).includes('start_cloud_recording_opts')
    && (await fieldsFor({ start_cloud_recording: true })).includes('start_cloud_recording_opts'),
    'start_cloud_recording_opts does not follow start_cloud_recording');
  check(app.creates.daily_create_meeting_token.operation.inputFields.find((field) => field.key === 'start_cloud_recording')
    .altersDynamicFields === true, 'start_cloud_recording does not alter the dynamic fields');
  console.log('ok - a conditional field appears when its condition holds; the field it depends on alters dynamic fields');

  const gated = await appTester(app.creates.daily_create_meeting_token.operation.perform,
    { authData, inputData: { room_name: room.name, exp: '1893456000', auto_start_transcription: true } })
    .then(() => null, (error) => error);
  check(gated && gated.message.includes('auto_start_transcription: ') && gated.message.includes('Video, Audio & Live Bundle'),
    `a bundle-gated field without a licence: ${gated}`);
  console.log('ok - a bundle-gated field is refused with a Zapier error naming it');

  const trigger = app.triggers.daily_waiting_participant_joined.operation;
  const [sample] = await appTester(trigger.performList, { authData });
  check(sample.id && sample.room, `the trigger's list: ${JSON.stringify(sample)}`);
  const event = { event_id: 'evt-1', event_type: 'waiting-participant.joined', trigger: 'daily.waiting_participant_joined',
    outputs: { room: room.name, user_name: 'Guest' } };
  const [delivered] = await appTester(trigger.perform, { authData, cleanedRequest: event });
  check(delivered.id === 'evt-1' && delivered.room === room.name, `a hook delivery: ${JSON.stringify(delivered)}`);
  console.log('ok - the knocking trigger lists its sample and turns a hook delivery into its outputs');
} finally {
  await stop(service);
  await stop(emulator);
}
