// The OpenAPI document of 'actionnode serve --http' passes a maintained
// OpenAPI 3.1 validator, and a real invocation's answer matches the
// response schema the document declares for it.
// Usage: node openapi.mjs <actionnode>
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import { check, start, stop } from './service.mjs';

const [actionnode] = process.argv.slice(2);
const service = await start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off'], {
  DAILY_API_KEY: 'openapi-test-key', DAILY_TOKEN_MODE: 'self-signed', DAILY_DOMAIN_ID: 'openapi-domain',
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
} catch (error) {
  failed = true;
  console.error(`not ok - ${error.stack || error}`);
} finally {
  const code = await stop(service);
  if (code !== 0) { failed = true; console.error(`not ok - serve exited with ${code} after SIGTERM`); }
}
process.exit(failed ? 1 : 0);
