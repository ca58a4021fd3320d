// The activepieces export, with Activepieces' own types and code: the piece compiles with
// 'tsc --strict' against @activepieces/pieces-framework, and its actions' run(), a
// dropdown's options and the connection's validate() run against 'actionnode serve --http'
// and the emulator, with a context of the framework's own shape.
// Usage: node check.mjs <package directory> <actionnode> <actionnode-emulator>
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, start, stop } from '../http-panel/service.mjs';

const require = createRequire(import.meta.url);
const [packageDirectory, actionnode, emulatorProgram] = process.argv.slice(2);
// The piece's dependencies are these pinned ones.
symlinkSync(fileURLToPath(new URL('./node_modules', import.meta.url)), join(packageDirectory, 'node_modules'), 'dir');
const tsc = require.resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', packageDirectory], { encoding: 'utf8' });
} catch (error) {
  throw new Error(`tsc --strict refused the piece:\n${error.stdout}`);
}
console.log('ok - the piece compiles with tsc --strict against @activepieces/pieces-framework');

const { piece } = require(join(packageDirectory, 'dist', 'index.js'));
const actions = piece.actions();
const triggers = piece.triggers();
check(actions.daily_create_room && actions.daily_create_meeting_token && triggers.daily_waiting_participant_joined,
  `the piece's actions are ${Object.keys(actions)} and triggers ${Object.keys(triggers)}`);
const tokenProps = actions.daily_create_meeting_token.props;
check(tokenProps.room_name.type === 'DROPDOWN' && tokenProps.is_owner.type === 'CHECKBOX'
  && tokenProps.enable_recording.type === 'STATIC_DROPDOWN' && tokenProps.exp.type === 'NUMBER'
  && tokenProps.permissions.type === 'JSON', 'the properties do not follow the field types');
console.log(`ok - ${Object.keys(actions).length} actions and ${Object.keys(triggers).length} triggers, properties by type`);

const providerKey = 'activepieces-test-key';
const emulator = await start(emulatorProgram, ['--port', '0', '--api-key', providerKey]);
const service = await start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off',
  '--connections', 'per-request'], { DAILY_API_BASE: `${emulator.url}/v1`, DAILY_MAX_RETRIES: '0' });
try {
  const props = { host_url: service.url, daily_api_key: providerKey };
  const auth = { type: 'CUSTOM_AUTH', props };
  const validate = piece.auth.validate;
  const good = await validate({ auth: props, server: {} });
  const bad = await validate({ auth: { ...props, daily_api_key: 'wrong' }, server: {} });
  check(good.valid === true && bad.valid === false && bad.error, `validate: ${JSON.stringify(good)} ${JSON.stringify(bad)}`);
  console.log('ok - the connection validates with the key and not with a wrong one');

  const run = (action, propsValue) => actions[action].run({ auth, propsValue, store: {}, project: { id: 'p' } });
  const room = await run('daily_create_room', { privacy: 'private', enable_knocking: true, enable_chat: false });
  check(room.privacy === 'private' && room.name, `create room: ${JSON.stringify(room)}`);
  const token = await run('daily_create_meeting_token',
    { room_name: room.name, is_owner: true, exp: 1893456000, auto_start_transcription: false });
  const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url'));
  check(claims.r === room.name && claims.o === true, `the token's claims are ${JSON.stringify(claims)}`);
  console.log('ok - run() creates a private room, then an owner token of it (a bundle field left at its default)');

  const choices = await tokenProps.room_name.options({ auth }, {});
  check(choices.options.some((option) => option.value === room.name), `the room choices: ${JSON.stringify(choices)}`);
  console.log('ok - the room dropdown lists the emulator\'s rooms');

  const refused = await run('daily_create_meeting_token', { room_name: room.name, exp: 1893456000, auto_start_transcription: true })
    .then(() => null, (error) => error);
  check(refused && refused.message.includes('auto_start_transcription: '), `a bundle-gated field: ${refused}`);
  console.log('ok - a bundle-gated field is refused naming it');

  const event = { event_id: 'evt-1', outputs: { room: room.name, user_name: 'Guest' } };
  const [delivered] = await triggers.daily_waiting_participant_joined.run({ auth, propsValue: {}, payload: { body: event } });
  check(delivered.event_id === 'evt-1' && delivered.room === room.name, `a delivered event: ${JSON.stringify(delivered)}`);
  check(triggers.daily_waiting_participant_joined.sampleData.room, 'the trigger has no sample data');
  console.log('ok - the knocking trigger turns a delivery into its outputs and has sample data');
} finally {
  await stop(service);
  await stop(emulator);
}
