// Runs an OpenAI tool call on the actionnode HTTP host ('actionnode serve --http'),
// which validates the arguments, checks the licence and calls the provider.
//
//   import { runToolCall } from './dispatch.mjs';
//   const result = await runToolCall(toolCall, { url, apiKey, license, connection });
//   // send JSON.stringify(result) back to the model as the tool's output
//
// From a shell: ACTIONNODE_URL=http://127.0.0.1:8080 node dispatch.mjs '<tool call JSON>'
// (ACTIONNODE_API_KEY, ACTIONNODE_LICENSE: a licence file, ACTIONNODE_CONNECTION: the
// provider connections as JSON, {"daily": {"api_key": "..."}}).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const routes = JSON.parse(readFileSync(new URL('./dispatch.json', import.meta.url), 'utf8'));

function refusal(code, field, message) {
  return { status: 'invalid_input', errors: [{ code, field, rule: code, message }] };
}

// Strict mode sends every property, null for "not set"; the host wants those left out.
function withoutNulls(value) {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null)
    .map(([key, item]) => [key, withoutNulls(item)]));
}

/**
 * Runs one tool call: Chat Completions' {function: {name, arguments}} or the Responses
 * API's {name, arguments}. Answers the host's result document ({status, outputs} or
 * {status, errors}, each error naming its field), or a refusal made here when the call
 * names no tool of this package or its arguments are not JSON.
 * host: {url, apiKey?, license? (the licence document), connection? (by provider id)}
 */
export async function runToolCall(call, host) {
  const { name, arguments: text } = call.function ?? call;
  const route = routes[name];
  if (!route) return refusal('unknown_tool', '', `"${name}" is not a tool of this package`);
  let inputs;
  try {
    inputs = withoutNulls(JSON.parse(text ?? '{}'));
  } catch (error) {
    return refusal('invalid_json', '', `the arguments are not JSON: ${error.message}`);
  }
  for (const key of route.jsonText) {
    if (typeof inputs[key] !== 'string') continue;
    try {
      inputs[key] = JSON.parse(inputs[key]);
    } catch (error) {
      return refusal('invalid_json', `/${key}`, `"${key}" is not JSON text: ${error.message}`);
    }
  }
  const headers = { 'Content-Type': 'application/json' };
  if (host.apiKey) headers.Authorization = `Bearer ${host.apiKey}`;
  if (host.license) headers['X-ActionNode-License'] = Buffer.from(host.license).toString('base64');
  if (host.connection) headers['X-ActionNode-Connection'] = Buffer.from(JSON.stringify(host.connection)).toString('base64');
  const url = new URL(`v1/actions/${encodeURIComponent(route.action)}/invoke`, host.url.replace(/\/?$/, '/'));
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(inputs) });
  return response.json();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ACTIONNODE_URL: url, ACTIONNODE_API_KEY: apiKey, ACTIONNODE_LICENSE: licenseFile,
    ACTIONNODE_CONNECTION: connection } = process.env;
  const result = await runToolCall(JSON.parse(process.argv[2]), {
    url, apiKey, license: licenseFile && readFileSync(licenseFile), connection: connection && JSON.parse(connection),
  });
  console.log(JSON.stringify(result));
  process.exitCode = result.status === 'succeeded' ? 0 : 1;
}
