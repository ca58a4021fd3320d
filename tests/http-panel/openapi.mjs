// The OpenAPI document of 'actionnode serve --http' passes a maintained
// OpenAPI 3.1 validator, and the real answers of each operation (invoke,
// options, migrate, connection test) match the response schemas the
// document declares for them.
// Usage: node openapi.mjs <actionnode> <actionnode-emulator>
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import { check, start, stop } from './service.mjs';

const [actionnode, emulatorProgram] = process.argv.slice(2);
const providerKey = 'openapi-test-key';
const emulator = await start(emulatorProgram, ['--port', '0', '--api-key', providerKey]);
const service = await start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off'], {
  DAILY_API_KEY: providerKey, DAILY_API_BASE: `${emulator.url}/v1`, DAILY_TOKEN_MODE: 'self-signed',
  DAILY_DOMAIN_ID: 'openapi-domain', DAILY_MAX_RETRIES: '0',
});
let failed = false;
try {
  const document = await (await fetch(`${service.url}/openapi.json`)).json();
  check(document.openapi === '3.1.0', `openapi is ${document.openapi}`);
  // validate() checks the document against the OpenAPI 3.1 schema and its references.
  const api = await SwaggerParser.validate(structuredClone(document));
  console.log(`ok - the document validates as OpenAPI ${api.openapi} (${Object.keys(api.paths).length} paths)`);
  // The validator does catch a broken document: a parameter with no place.
  const broken = structuredClone(document);
  delete broken.components.parameters.License.in;
  const refused = await SwaggerParser.validate(broken).then(() => false, () => true);
  check(refused, 'the validator accepted a parameter without "in"');
  console.log('ok - a broken copy of the document is refused');

  const path = '/v1/actions/daily.create_meeting_token/invoke';
  const operation = api.paths[path].post;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const cases = [
    { inputs: { room_name: 'standup', exp: 1893456000 }, status: 200 },
    { inputs: { room_name: 'bad name!', exp: 'soon' }, status: 422 },
    { inputs: { auto_start_transcription: true, exp: 1893456000 }, status: 403 },
  ];
  for (const { inputs, status } of cases) {
    check(ajv.validate(operation.requestBody.content['application/json'].schema, inputs) === (status !== 422),
      `the inputs schema judges ${JSON.stringify(inputs)} unlike the service`);
    const response = await fetch(`${service.url}${path}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(inputs),
    });
    const body = await response.json();
    check(response.status === status, `${JSON.stringify(inputs)}: HTTP ${response.status}, expected ${status}`);
    const schema = operation.responses[String(status)].content['application/json'].schema;
    check(ajv.validate(schema, body), `HTTP ${status} answer breaks its declared schema: ${ajv.errorsText()}`);
    console.log(`ok - HTTP ${status} answer matches the declared response schema`);
  }

  // The three invocations are in the run history, newest first, as its schema declares.
  const page = await (await fetch(`${service.url}/v1/runs?limit=2`)).json();
  check(ajv.validate(api.paths['/v1/runs'].get.responses['200'].content['application/json'].schema, page),
    `GET /v1/runs breaks its declared schema: ${ajv.errorsText()}`);
  check(page.runs.map((run) => run.status).join() === 'license_refused,invalid_input',
    `the newest runs are ${page.runs.map((run) => run.status)}`);
  const older = await (await fetch(`${service.url}/v1/runs?before=${page.next_before}`)).json();
  const succeeded = older.runs[0];
  check(succeeded.status === 'succeeded' && succeeded.outputs.token === '••••••••',
    `the first run is ${JSON.stringify(succeeded)}: its token must be masked`);
  const replayed = await fetch(`${service.url}/v1/runs/${succeeded.id}/replay`, { method: 'POST' });
  check(replayed.status === 200, `replaying run ${succeeded.id}: HTTP ${replayed.status}`);
  const newest = (await (await fetch(`${service.url}/v1/runs?limit=1`)).json()).runs[0];
  check(newest.origin === 'replay' && JSON.stringify(newest.inputs) === JSON.stringify(succeeded.inputs),
    `the replay was recorded as ${JSON.stringify(newest)}`);
  console.log('ok - invocations are in the run history with their token masked, and a run replays');

  // The other operations: each answer, success or refusal, matches its declared schema.
  await fetch(`${emulator.url}/v1/rooms`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${providerKey}` },
    body: JSON.stringify({ name: 'standup' }),
  });
  const json = { 'Content-Type': 'application/json' };
  const operations = [
    { template: '/v1/actions/{id}/fields/{field}/options', method: 'get', status: 200,
      url: '/v1/actions/daily.create_meeting_token/fields/room_name/options?search=stand',
      expect: (body) => body.options.length === 1 && body.options[0].value === 'standup' },
    { template: '/v1/actions/{id}/fields/{field}/options', method: 'get', status: 404,
      url: '/v1/actions/daily.create_meeting_token/fields/nope/options' },
    { template: '/v1/actions/{id}/migrate', method: 'post', status: 200,
      url: '/v1/actions/daily.create_meeting_token/migrate',
      body: { from: '1.0.0', inputs: { room_name: 'standup', enable_recording: 'rtp-tracks' } },
      expect: (body) => body.changes.length === 1 && !('enable_recording' in body.inputs) },
    { template: '/v1/actions/{id}/migrate', method: 'post', status: 422,
      url: '/v1/actions/daily.create_meeting_token/migrate', body: { from: '0.1.0', inputs: {} } },
    { template: '/v1/actions/{id}/migrate', method: 'post', status: 400,
      url: '/v1/actions/daily.create_meeting_token/migrate', body: { from: '1.0.0' } },
    { template: '/v1/connections/{provider}/test', method: 'post', status: 200,
      url: '/v1/connections/daily/test', body: {},
      expect: (body) => body.status === 'ok' && typeof body.discovered.domain_id === 'string' },
    { template: '/v1/connections/{provider}/test', method: 'post', status: 404,
      url: '/v1/connections/nope/test', body: {} },
    { template: '/v1/exports/{builder}', method: 'get', status: 404, url: '/v1/exports/lego' },
  ];
  for (const { template, method, status, url, body, expect } of operations) {
    const declared = api.paths[template]?.[method];
    check(declared, `${method.toUpperCase()} ${template} is not in the document`);
    const response = await fetch(`${service.url}${url}`, {
      method: method.toUpperCase(), headers: body ? json : {}, body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await response.json();
    check(response.status === status, `${url}: HTTP ${response.status}, expected ${status}: ${JSON.stringify(answer)}`);
    const schema = declared.responses[String(status)]?.content['application/json'].schema;
    check(schema, `${method.toUpperCase()} ${template} declares no HTTP ${status} answer`);
    check(ajv.validate(schema, answer), `${url}: HTTP ${status} answer breaks its declared schema: ${ajv.errorsText()}`);
    if (expect) check(expect(answer), `${url}: unexpected answer ${JSON.stringify(answer)}`);
    if (body && status !== 400 && declared.requestBody)
      check(ajv.validate(declared.requestBody.content['application/json'].schema, body),
        `${url}: the declared request schema refuses ${JSON.stringify(body)}`);
    console.log(`ok - ${method.toUpperCase()} ${template}: HTTP ${status} answer matches its declared schema`);
  }
} catch (error) {
  failed = true;
  console.error(`not ok - ${error.stack || error}`);
} finally {
  const code = await stop(service);
  if (code !== 0) { failed = true; console.error(`not ok - serve exited with ${code} after SIGTERM`); }
  await stop(emulator);
}
process.exit(failed ? 1 : 0);
