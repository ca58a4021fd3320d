// The openai-tools export: every tool is a strict function whose parameters keep
// OpenAI's strict-mode rules (strict-mode.schema.json through ajv, and the rules JSON
// Schema cannot say checked here), and the package's dispatcher runs tool calls on
// 'actionnode serve --http' against the emulator, the provider's key sent per call.
// Usage: node check.mjs <package directory> <actionnode> <actionnode-emulator>
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, start, stop } from '../http-panel/service.mjs';

const [packageDirectory, actionnode, emulatorProgram] = process.argv.slice(2);
const tools = JSON.parse(readFileSync(join(packageDirectory, 'tools.json'), 'utf8'));
const rules = JSON.parse(readFileSync(new URL('./strict-mode.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const followsRules = ajv.compile(rules);

// What the rule list says beyond JSON Schema: every property required, and the size limits.
function limitProblems(parameters) {
  const problems = [];
  let properties = 0;
  let enumValues = 0;
  let textLength = 0;
  const walk = (schema, pointer, depth) => {
    if (depth > 10) problems.push(`${pointer}: nested deeper than 10 objects`);
    if (schema.properties) {
      const keys = Object.keys(schema.properties);
      properties += keys.length;
      textLength += keys.join('').length;
      const required = schema.required ?? [];
      if (keys.length !== required.length || !keys.every((key) => required.includes(key)))
        problems.push(`${pointer}: required [${required}] is not every property [${keys}]`);
      for (const key of keys) walk(schema.properties[key], `${pointer}/properties/${key}`, depth + 1);
    }
    if (schema.enum) {
      enumValues += schema.enum.length;
      textLength += schema.enum.filter((value) => typeof value === 'string').join('').length;
    }
    if (schema.items) walk(schema.items, `${pointer}/items`, depth);
    for (const [index, branch] of (schema.anyOf ?? []).entries()) walk(branch, `${pointer}/anyOf/${index}`, depth);
  };
  walk(parameters, '', 1);
  if (properties > 5000) problems.push(`${properties} properties, more than 5000`);
  if (enumValues > 1000) problems.push(`${enumValues} enum values, more than 1000`);
  if (textLength > 120000) problems.push(`${textLength} characters of names and values, more than 120000`);
  return problems;
}

function strictProblems(tool) {
  const problems = [];
  if (tool.type !== 'function' || tool.function.strict !== true) problems.push('not a strict function');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(tool.function.name)) problems.push(`name "${tool.function.name}"`);
  if (typeof tool.function.description !== 'string' || !tool.function.description) problems.push('no description');
  if (!followsRules(tool.function.parameters))
    problems.push(...followsRules.errors.map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`));
  problems.push(...limitProblems(tool.function.parameters));
  return problems;
}

const toolByName = new Map(tools.map((tool) => [tool.function.name, tool]));
let failed = false;
for (const tool of tools) {
  const problems = strictProblems(tool);
  if (problems.length) {
    failed = true;
    console.log(`not ok - ${tool.function.name}: ${problems.join('; ')}`);
  }
  // Each is also a schema ajv compiles (an unknown keyword would be refused).
  new Ajv({ strict: true, allowUnionTypes: true }).compile(tool.function.parameters);
}
check(!failed, 'some tools break the strict-mode rules');
console.log(`ok - ${tools.length} tools keep the strict-mode rules`);

// The rule check does catch what strict mode refuses.
const broken = structuredClone(toolByName.get('daily_create_room'));
delete broken.function.parameters.additionalProperties;
broken.function.parameters.properties.privacy['x-rest'] = 'privacy';
broken.function.parameters.required.pop();
const brokenProblems = strictProblems(broken);
check(brokenProblems.length >= 3, `a broken tool passed: ${brokenProblems}`);
console.log('ok - a tool without additionalProperties, with an x- annotation and a property not required is refused');

const description = toolByName.get('daily_create_meeting_token').function.description;
for (const words of ['Locked without a bundle licence: auto_start_transcription', 'only when', 'no room name'])
  check(description.includes(words), `the token tool's description lacks "${words}": ${description}`);
console.log('ok - descriptions carry conditions, bundle locks and warnings');

// A model's tool call: every property present, null where not set, checked against the tool's schema.
function toolCall(name, given) {
  const { parameters } = toolByName.get(name).function;
  const args = Object.fromEntries(Object.keys(parameters.properties).map((key) => [key, given[key] ?? null]));
  check(ajv.validate(parameters, args), `${name} arguments ${JSON.stringify(given)}: ${ajv.errorsText()}`);
  return { id: `call_${name}`, type: 'function', function: { name, arguments: JSON.stringify(args) } };
}

const providerKey = 'openai-tools-test-key';
const emulator = await start(emulatorProgram, ['--port', '0', '--api-key', providerKey]);
const service = await start(actionnode, ['serve', '--http', '127.0.0.1:0', '--access-log', 'off',
  '--connections', 'per-request'], { DAILY_API_BASE: `${emulator.url}/v1`, DAILY_MAX_RETRIES: '0' });
try {
  const { runToolCall } = await import(pathToFileURL(join(packageDirectory, 'dispatch.mjs')));
  const host = { url: service.url, connection: { daily: { api_key: providerKey } } };
  const room = await runToolCall(toolCall('daily_create_room', { privacy: 'private', enable_knocking: true }), host);
  check(room.status === 'succeeded' && room.outputs.privacy === 'private', `create room: ${JSON.stringify(room)}`);
  const token = await runToolCall(toolCall('daily_create_meeting_token',
    { room_name: room.outputs.name, is_owner: true, exp: 1893456000 }), host);
  check(token.status === 'succeeded', `create meeting token: ${JSON.stringify(token)}`);
  const claims = JSON.parse(Buffer.from(token.outputs.token.split('.')[1], 'base64url'));
  check(claims.r === room.outputs.name && claims.o === true, `the token's claims are ${JSON.stringify(claims)}`);
  console.log('ok - tool calls create a private room and an owner token of it on the host');

  const gated = await runToolCall(toolCall('daily_create_meeting_token',
    { room_name: room.outputs.name, exp: 1893456000, auto_start_transcription: true }), host);
  check(gated.status === 'license_refused' && gated.errors[0].field === '/auto_start_transcription',
    `a bundle-gated field without a licence: ${JSON.stringify(gated)}`);
  const wrongKey = await runToolCall(toolCall('daily_create_room', {}), { ...host, connection: { daily: { api_key: 'wrong' } } });
  check(wrongKey.status !== 'succeeded' && wrongKey.errors.length > 0, `a wrong key: ${JSON.stringify(wrongKey)}`);
  const noConnection = await runToolCall(toolCall('daily_create_room', {}), { url: service.url });
  check(noConnection.errors?.[0]?.code === 'connection_required', `no connection: ${JSON.stringify(noConnection)}`);
  console.log('ok - the host refuses a bundle-gated field naming it, a wrong key, and a call without the key');
} finally {
  await stop(service);
  await stop(emulator);
}
