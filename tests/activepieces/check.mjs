// The activepieces export, with Activepieces' own types and code: the piece compiles with
// 'tsc --strict' against @activepieces/pieces-framework, and its actions' run(), a
// dropdown's options, the connection's validate() and the webhook trigger's onEnable, run
// and onDisable run against 'actionnode serve --http' and the emulator; the trigger's
// contexts are built in TypeScript with the framework's own types (context.ts).
// Usage: node check.mjs <package directory> <actionnode> <actionnode-emulator>
import { execFileSync } from 'node:child_process';
import { copyFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knock, knockSubscriptions, settle, signLicense, startHookReceiver, startPushingHost, until,
  untilAccountWebhooks } from '../exports/hooks.mjs';
import { check, start, stop } from '../http-panel/service.mjs';

const require = createRequire(import.meta.url);
const [packageDirectory, actionnode, emulatorProgram] = process.argv.slice(2);
// The piece's dependencies are these pinned ones.
symlinkSync(fileURLToPath(new URL('./node_modules', import.meta.url)), join(packageDirectory, 'node_modules'), 'dir');
// The trigger's contexts, compiled with the piece against the framework's types.
copyFileSync(fileURLToPath(new URL('./context.ts', import.meta.url)), join(packageDirectory, 'src', 'context.ts'));
const tsc = require.resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', packageDirectory], { encoding: 'utf8' });
} catch (error) {
  throw new Error(`tsc --strict refused the piece:\n${error.stdout}`);
}
console.log('ok - the piece compiles with tsc --strict against @activepieces/pieces-framework');

const { piece } = require(join(packageDirectory, 'dist', 'index.js'));
const { memoryStore, webhookContext, webhookTrigger } = require(join(packageDirectory, 'dist', 'context.js'));
const actions = piece.actions();
const triggers = piece.triggers();
check(actions.daily_create_room && actions.daily_create_meeting_token && triggers.daily_waiting_participant_joined,
  `the piece's actions are ${Object.keys(actions)} and triggers ${Object.keys(triggers)}`);
const tokenProps = actions.daily_create_meeting_token.props;
check(tokenProps.room_name.type === 'DROPDOWN' && tokenProps.is_owner.type === 'CHECKBOX'
  && tokenProps.enable_recording.type === 'STATIC_DROPDOWN' && tokenProps.exp.type === 'NUMBER'
  && tokenProps.permissions.type === 'JSON', 'the properties do not follow the field types');
const webhookProps = actions.daily_create_webhook.props;
const tokenOutput = actions.daily_create_meeting_token.outputSchema.fields.find((field) => field.key === 'token');
check(webhookProps.event_types.type === 'STATIC_MULTI_SELECT_DROPDOWN' && /Sensitive: a credential/.test(tokenOutput.description),
  `event_types is ${webhookProps.event_types.type}; the token output: ${JSON.stringify(tokenOutput)}`);
console.log(`ok - ${Object.keys(actions).length} actions and ${Object.keys(triggers).length} triggers, properties by type (a list of choices a multi-select), outputs described (a credential marked)`);

const providerKey = 'activepieces-test-key';
const license = signLicense(actionnode, 'activepieces test');
// Activepieces' webhook endpoint of the flow: each delivery the host posts to it.
const receiver = await startHookReceiver();
const emulator = await start(emulatorProgram, ['--port', '0', '--api-key', providerKey]);
const service = await startPushingHost(actionnode, emulator);
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

  check(triggers.daily_waiting_participant_joined.sampleData.room, 'the trigger has no sample data');
  // Webhooks and their triggers are the bundle's: the connection holds the licence from here on.
  const licensed = { ...props, licence: license };
  const knocking = webhookTrigger('daily_waiting_participant_joined');
  const store = memoryStore();
  const context = (payload) => webhookContext(licensed, { room: room.name }, receiver.url, store, payload);
  await knocking.onEnable(context());
  const held = await knockSubscriptions(service, license, providerKey);
  check(held.length === 1 && held[0].target_url === receiver.url && held[0].filters.room === room.name,
    `after onEnable the host holds ${JSON.stringify(held)}`);
  console.log('ok - onEnable subscribes on the host with the flow\'s webhook URL and the room filter');
  await untilAccountWebhooks(service, emulator, providerKey, 1);
  console.log('ok - enabling registers the account\'s Daily webhook on the host');

  await knock(emulator, 'elsewhere');
  await knock(emulator, room.name);
  await until(() => receiver.deliveries.length > 0, 'a delivery to the flow\'s webhook');
  await settle();
  check(receiver.deliveries.length === 1, `${receiver.deliveries.length} deliveries for one knock in the room`);
  const [delivery] = receiver.deliveries;
  const payload = { body: JSON.parse(delivery.content), rawBody: delivery.content, headers: delivery.headers, queryParams: {} };
  const [event] = await knocking.run(context(payload));
  check(event && event.room === room.name && event.user_name === 'Guest' && event.event_id === payload.body.event_id,
    `run() gave ${JSON.stringify(event)} for ${delivery.content}`);
  console.log(`ok - a knock reaches run() as the trigger's outputs: ${JSON.stringify(event)}`);
  const forged = await knocking.run(context({ ...payload, rawBody: delivery.content.replace('Guest', 'Forged') }));
  check(forged.length === 0, `a delivery altered after signing gave ${JSON.stringify(forged)}`);
  console.log('ok - a delivery whose body does not match its signature gives no event');

  await knocking.onDisable(context());
  const left = await knockSubscriptions(service, license, providerKey);
  check(left.length === 0 && await store.get('subscription') === null, `after onDisable the host holds ${JSON.stringify(left)}`);
  console.log('ok - onDisable deletes the subscription');
  await untilAccountWebhooks(service, emulator, providerKey, 0);
  console.log('ok - and the account\'s Daily webhook with it');
} finally {
  receiver.close();
  await stop(service);
  await stop(emulator);
}
