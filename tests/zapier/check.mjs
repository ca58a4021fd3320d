// The zapier export, run by Zapier's own tools: zapier-platform-schema validates the app
// definition, and zapier-platform-core's app tester runs its connection test, creates,
// searches, a dynamic dropdown, its dynamic fields and a REST hook trigger (subscribe, a
// knock in the emulator, the signed delivery, unsubscribe) against 'actionnode serve --http'
// and the emulator.
// Usage: node check.mjs <package directory> <actionnode> <actionnode-emulator>
import { existsSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { knock, knockSubscriptions, settle, signLicense, startHookReceiver, startPushingHost, until,
  untilAccountWebhooks } from '../exports/hooks.mjs';
import { check, start, stop } from '../http-panel/service.mjs';

const require = createRequire(import.meta.url);
// As under 'zapier-platform test': the core leaves out its memory report of each run.
process.env.NODE_ENV = 'test';
const zapier = require('zapier-platform-core');
const { validateAppDefinition } = require('zapier-platform-schema');
const { compileApp, serializeApp } = require('zapier-platform-core/src/tools/schema');
const [packageDirectory, actionnode, emulatorProgram] = process.argv.slice(2);
// The app's dependencies are these pinned ones.
if (!existsSync(join(packageDirectory, 'node_modules')))
  symlinkSync(fileURLToPath(new URL('./node_modules', import.meta.url)), join(packageDirectory, 'node_modules'), 'dir');
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
const license = signLicense(actionnode, 'zapier test');
// Zapier's hook endpoint: each delivery the host posts to the subscription's target URL.
const receiver = await startHookReceiver();
const emulator = await start(emulatorProgram, ['--port', '0', '--api-key', providerKey]);
const service = await startPushingHost(actionnode, emulator);
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

  const eventTypes = app.creates.daily_create_webhook.operation.inputFields.find((field) => field.key === 'event_types');
  const tokenOutput = app.creates.daily_create_meeting_token.operation.outputFields.find((field) => field.key === 'token');
  check(eventTypes.list === true && eventTypes.type === 'string' && eventTypes.choices.length === 28
    && tokenOutput.type === 'password', `event_types is ${JSON.stringify(eventTypes).slice(0, 200)}, token ${JSON.stringify(tokenOutput)}`);
  console.log('ok - a list of choices is a Zapier list field; a credential output is of type password');

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

  // Webhooks and their triggers are the bundle's: the connection holds the licence from here on.
  const licensed = { ...authData, licence: license };
  const targetUrl = receiver.url;
  const subscribeData = await appTester(trigger.performSubscribe, { authData: licensed, targetUrl, inputData: { room: room.name } });
  const held = await knockSubscriptions(service, license, providerKey);
  check(held.length === 1 && held[0].subscription === subscribeData.subscription && held[0].target_url === targetUrl
    && held[0].filters.room === room.name && subscribeData.secret.startsWith('whsec_'),
    `after performSubscribe the host holds ${JSON.stringify(held)}`);
  console.log('ok - performSubscribe subscribes on the host with the hook\'s targetUrl and the room filter');
  await untilAccountWebhooks(service, emulator, providerKey, 1);
  console.log('ok - the subscription registers the account\'s Daily webhook on the host');

  await knock(emulator, 'elsewhere');
  await knock(emulator, room.name);
  await until(() => receiver.deliveries.length > 0, 'a delivery to the hook');
  await settle();
  check(receiver.deliveries.length === 1, `${receiver.deliveries.length} deliveries for one knock in the room`);
  const [delivery] = receiver.deliveries;
  const verified = new Webhook(subscribeData.secret).verify(delivery.content, delivery.headers);
  check(verified.outputs.room === room.name, `the verified delivery is ${delivery.content}`);
  // Zapier hands the hook the parsed body and the raw request, its headers prefixed with Http-.
  const rawRequest = { method: 'POST', content: delivery.content, headers: Object.fromEntries(
    Object.entries(delivery.headers).map(([name, value]) => [`Http-${name.replace(/(^|-)(\w)/g, (m) => m.toUpperCase())}`, value])) };
  const [hooked] = await appTester(trigger.perform, { authData: licensed, subscribeData, rawRequest,
    cleanedRequest: JSON.parse(delivery.content) });
  check(hooked.room === room.name && hooked.user_name === 'Guest' && hooked.id === verified.event_id,
    `the hook's item is ${JSON.stringify(hooked)}`);
  console.log(`ok - a knock is delivered once, passes the Standard Webhooks check, and perform gives ${JSON.stringify(hooked)}`);

  const forged = { ...rawRequest, content: delivery.content.replace('Guest', 'Forged') };
  const ignored = await appTester(trigger.perform, { authData: licensed, subscribeData, rawRequest: forged,
    cleanedRequest: JSON.parse(forged.content) });
  check(ignored.length === 0, `a delivery altered after signing gave ${JSON.stringify(ignored)}`);
  console.log('ok - a delivery whose body does not match its signature gives no item');

  await appTester(trigger.performUnsubscribe, { authData: licensed, subscribeData });
  const left = await knockSubscriptions(service, license, providerKey);
  check(left.length === 0, `after performUnsubscribe the host holds ${JSON.stringify(left)}`);
  console.log('ok - performUnsubscribe deletes the subscription');
  await untilAccountWebhooks(service, emulator, providerKey, 0);
  console.log('ok - and the account\'s Daily webhook with it');
} finally {
  receiver.close();
  await stop(service);
  await stop(emulator);
}
