// The property panel: a palette of the service's actions, the selected
// action's form (with choices loaded from the provider), its connection
// test, saved inputs upgraded into it, and its run; a trigger's push
// subscriptions with their delivery logs; the history of runs with their
// replay. The API key and the licence live in this page's memory only and
// go with each request; nothing is stored.

import { element } from './element.js';
import { errorText } from './errortext.js';
import { ActionForm } from './form.js';
import { RunHistory } from './history.js';
import { loadReport, readSavedInputs } from './savedinputs.js';
import { SubscriptionsView } from './subscriptions.js';

const state = { apiKey: '', license: '', form: null, actionId: '', metadata: null };
const $ = (id) => document.getElementById(id);

async function api(path, { method = 'GET', body } = {}) {
  const headers = {};
  if (state.apiKey) headers.Authorization = `Bearer ${state.apiKey}`;
  if (state.license) headers['X-ActionNode-License'] = state.license;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body });
  let document = null;
  try { document = await response.json(); } catch { document = null; }
  if (response.status === 401) askForKey();
  return { status: response.status, document };
}

function askForKey() {
  $('key-form').hidden = false;
  $('api-key').focus();
}

function showPageError(message) {
  $('page-error').textContent = message;
  $('page-error').hidden = !message;
}

async function loadPalette() {
  const { status, document } = await api('/v1/actions');
  if (status !== 200) {
    showPageError(status === 401 ? 'This service needs an API key.' : errorText(document, `The actions could not be listed (HTTP ${status}).`));
    return;
  }
  showPageError('');
  const palette = $('palette');
  const byCategory = new Map();
  for (const action of [...document.actions, ...(document.triggers || [])]) {
    const category = action.category || action.provider;
    if (!byCategory.has(category)) byCategory.set(category, []);
    byCategory.get(category).push(action);
  }
  palette.replaceChildren();
  for (const [category, actions] of byCategory) {
    const list = element('ul', { className: 'palette-group' });
    list.setAttribute('aria-label', category);
    for (const action of actions) {
      const button = element('button', { type: 'button', className: 'palette-item', textContent: action.title });
      button.dataset.action = action.id;
      button.append(element('span', { className: 'palette-id', textContent: action.id }));
      button.addEventListener('click', () => (action.kind === 'trigger' ? selectTrigger(action.id) : selectAction(action.id)));
      const item = element('li');
      item.append(button);
      list.append(item);
    }
    palette.append(element('h3', { textContent: category }), list);
  }
  const requested = new URLSearchParams(location.search).get('action');
  if (requested) selectAction(requested);
}

// Marks the palette entry of id as the current one.
function markCurrent(id) {
  for (const button of paletteButtons()) {
    if (button.dataset.action === id) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}

const subscriptions = new SubscriptionsView(document.getElementById('subscriptions'), api);

async function selectTrigger(id) {
  state.actionId = '';
  markCurrent(id);
  closeHistory();
  $('placeholder').hidden = true;
  $('action-form').hidden = true;
  $('result').hidden = true;
  $('subscriptions-title').textContent = `Subscriptions of ${id}`;
  $('subscriptions').hidden = false;
  await subscriptions.show(id);
}

async function selectAction(id, keepValues = false) {
  const { status, document } = await api(`/v1/actions/${encodeURIComponent(id)}`);
  if (status !== 200) {
    showPageError(errorText(document, `The action could not be described (HTTP ${status}).`));
    return;
  }
  showPageError('');
  const previous = keepValues && state.form ? state.form.snapshot() : null;
  state.actionId = id;
  state.metadata = document;
  markCurrent(id);
  $('placeholder').hidden = true;
  $('subscriptions').hidden = true;
  closeHistory();
  $('action-form').hidden = false;
  $('action-title').textContent = document.title;
  $('action-description').textContent = document.description || '';
  renderHints(document.hints);
  state.form = new ActionForm($('groups'), document, {
    onUnlockRequest: () => $('license-file').click(),
    loadOptions: (field, search, cursor) => loadOptions(id, field, search, cursor),
  });
  if (previous) state.form.restore(previous);
  $('form-errors').hidden = true;
  $('run-status').textContent = '';
  $('connection-provider').textContent = document.provider;
  $('saved-version').placeholder = document.version;
  if (!keepValues) {
    $('result').hidden = true;
    $('connection-status').textContent = '';
    $('saved-report').replaceChildren();
  }
}

// A field's choices at the provider; a refusal is shown as free text with its reason.
async function loadOptions(actionId, field, search, cursor) {
  const query = new URLSearchParams();
  if (search) query.set('search', search);
  if (cursor) query.set('cursor', cursor);
  const path = `/v1/actions/${encodeURIComponent(actionId)}/fields/${encodeURIComponent(field)}/options`;
  const text = query.toString();
  const { status, document } = await api(text ? `${path}?${text}` : path);
  if (status !== 200) return { freeText: true, reason: errorText(document, `HTTP ${status}`) };
  return document;
}

async function testConnection() {
  const provider = state.metadata && state.metadata.provider;
  if (!provider) return;
  const status = $('connection-status');
  $('connection-test').disabled = true;
  status.textContent = 'Testing…';
  let answer;
  try {
    answer = await api(`/v1/connections/${encodeURIComponent(provider)}/test`, { method: 'POST', body: '{}' });
  } catch (problem) {
    answer = { status: 0, document: { errors: [{ message: `The service could not be reached: ${problem.message}` }] } };
  } finally {
    $('connection-test').disabled = false;
  }
  const result = answer.document || {};
  status.classList.toggle('failed', result.status !== 'ok');
  if (answer.status === 200 && result.status === 'ok') {
    const found = Object.entries(result.discovered || {}).map(([key, value]) => `${key} ${value}`);
    status.textContent = `Connected${found.length ? `: ${found.join(', ')}` : ''}.`;
    return;
  }
  status.textContent = `Not connected: ${result.message || errorText(result, `HTTP ${answer.status}`)}`;
}

// Saved inputs, upgraded to this action's version by the service, fill the form.
async function loadSavedInputs() {
  let body;
  try {
    body = readSavedInputs($('saved-text').value, $('saved-version').value);
  } catch (problem) {
    showSavedReport([problem.message], true);
    return;
  }
  let answer;
  try {
    answer = await api(`/v1/actions/${encodeURIComponent(state.actionId)}/migrate`,
      { method: 'POST', body: JSON.stringify(body) });
  } catch (problem) {
    showSavedReport([`The service could not be reached: ${problem.message}`], true);
    return;
  }
  const { status, document } = answer;
  if (status !== 200) {
    showSavedReport([errorText(document, `The saved inputs could not be upgraded (HTTP ${status}).`)], true);
    return;
  }
  state.form.reset();
  const leftOut = state.form.restore(document.inputs || {});
  showSavedReport(loadReport(document, leftOut), false);
}

function showSavedReport(lines, failed) {
  const report = $('saved-report');
  report.classList.toggle('failed', failed);
  const [headline, ...rest] = lines;
  const list = element('ul');
  list.append(...rest.map((line) => element('li', { textContent: line })));
  report.replaceChildren(element('p', { textContent: headline }), ...(rest.length ? [list] : []));
}

function paletteButtons() {
  return document.querySelectorAll('.palette-item');
}

function renderHints(hints) {
  const list = $('action-hints');
  list.replaceChildren();
  const names = { readOnly: 'Read-only', destructive: 'Destructive', idempotent: 'Idempotent', openWorld: 'Reaches outside services' };
  for (const [key, label] of Object.entries(names)) {
    if (hints && hints[key] === true) list.append(element('li', { className: `hint hint-${key}`, textContent: label }));
  }
  list.hidden = list.children.length === 0;
}

async function run(event) {
  event.preventDefault();
  const form = state.form;
  if (!form) return;
  form.clearErrors();
  $('form-errors').hidden = true;
  const { inputs, problems } = form.inputs();
  if (problems.length) {
    showGeneralErrors(form.showErrors(problems));
    return;
  }
  $('run').disabled = true;
  $('run-status').textContent = 'Running…';
  let answer;
  try {
    answer = await api(`/v1/actions/${encodeURIComponent(state.actionId)}/invoke`, { method: 'POST', body: JSON.stringify(inputs) });
  } catch (problem) {
    answer = { status: 0, document: { errors: [{ message: `The service could not be reached: ${problem.message}` }] } };
  } finally {
    $('run').disabled = false;
  }
  const { status, document } = answer;
  if (status === 200) {
    $('run-status').textContent = 'Succeeded.';
    showResult(document);
    return;
  }
  $('run-status').textContent = `Failed (HTTP ${status}${document && document.status ? `, ${document.status}` : ''}).`;
  $('result').hidden = true;
  showGeneralErrors(form.showErrors((document && document.errors) || []));
}

function showGeneralErrors(errors) {
  const box = $('form-errors');
  box.replaceChildren(...errors.map((e) => element('p', { textContent: e.message })));
  box.hidden = errors.length === 0;
}

function showResult(document) {
  const outputs = document.outputs || {};
  const declared = (state.metadata && state.metadata.outputs) || [];
  const known = new Set(declared.map((o) => o.key));
  const list = [...declared.filter((o) => o.key in outputs),
    ...Object.keys(outputs).filter((k) => !known.has(k)).map((key) => ({ key, label: key }))];
  $('outputs').replaceChildren(...list.map((output) => outputRow(output, outputs[output.key])));
  const warnings = document.warnings || [];
  $('warnings').replaceChildren(...warnings.map((w) => element('p', { textContent: `Warning: ${w.message}` })));
  $('warnings').hidden = warnings.length === 0;
  $('result').hidden = false;
  $('result-title').focus();
  $('result').scrollIntoView({ block: 'nearest' });
}

// Sensitive list-item fields (a webhook's hmac) shown as the runtime masks them.
const MASK = '••••••••';
function maskedItems(value, fields) {
  if (!Array.isArray(value)) return value;
  return value.map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const copy = { ...item };
    for (const field of fields) if (field in copy) copy[field] = MASK;
    return copy;
  });
}

function outputRow(output, value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const itemFields = output.sensitiveItemFields || [];
  const maskedText = itemFields.length ? JSON.stringify(maskedItems(value, itemFields)) : null;
  const id = `output-${output.key}`;
  const row = element('div', { className: 'output' });
  row.dataset.output = output.key;
  const label = element('label', { htmlFor: id, textContent: output.label || output.key });
  if (output.description) label.title = output.description;
  const field = element('input', { id, type: output.sensitive ? 'password' : 'text', readOnly: true, value: maskedText ?? text });
  field.className = 'output-value';
  const copy = element('button', { type: 'button', textContent: 'Copy' });
  copy.setAttribute('aria-label', `Copy ${output.label || output.key}`);
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Copy failed: select the text';
    }
    setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
  });
  row.append(label, field, copy);
  if (output.sensitive || maskedText !== null) {
    const reveal = element('button', { type: 'button', textContent: 'Reveal' });
    reveal.setAttribute('aria-pressed', 'false');
    reveal.setAttribute('aria-label', `Reveal ${output.label || output.key}`);
    reveal.addEventListener('click', () => {
      const shown = reveal.getAttribute('aria-pressed') === 'true';
      if (output.sensitive) field.type = shown ? 'password' : 'text';
      else field.value = shown ? maskedText : text;
      reveal.textContent = shown ? 'Reveal' : 'Hide';
      reveal.setAttribute('aria-pressed', String(!shown));
    });
    row.append(reveal);
  }
  return row;
}

function toBase64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function useLicense(file) {
  const text = await file.text();
  const { status, document } = await api('/v1/license', { method: 'POST', body: text });
  if (status !== 200) {
    $('license-status').textContent = errorText(document, `The licence was refused (HTTP ${status}).`);
    return;
  }
  state.license = toBase64(text);
  $('license-status').textContent =
    `Licence of ${document.licensee}: ${document.bundles.join(', ')}${document.expires ? `, until ${document.expires}` : ''}.`;
  $('license-clear').hidden = false;
  if (state.actionId) await selectAction(state.actionId, true);
}

async function forgetLicense() {
  state.license = '';
  $('license-file').value = '';
  $('license-clear').hidden = true;
  $('license-status').textContent = 'No licence: bundle fields are locked.';
  if (state.actionId) await selectAction(state.actionId, true);
}

const runHistory = new RunHistory(api, {
  section: $('history'), heading: $('history-title'), status: $('history-status'), list: $('history-list'),
  rows: $('history-rows'), more: $('history-more'), detail: $('run-detail'), back: $('run-back'),
  runTitle: $('run-title'), facts: $('run-facts'), inputs: $('run-inputs'), outputs: $('run-outputs'),
  problems: $('run-problems'), masked: $('replay-masked'), maskedNote: $('replay-masked-note'),
  replayForm: $('replay-form'), replayButton: $('replay'), replayStatus: $('replay-status'), replayResult: $('replay-result'),
});

function openHistory() {
  markCurrent('');
  $('history-open').setAttribute('aria-current', 'true');
  $('placeholder').hidden = true;
  $('action-form').hidden = true;
  $('result').hidden = true;
  $('subscriptions').hidden = true;
  runHistory.open();
}

function closeHistory() {
  runHistory.close();
  $('history-open').removeAttribute('aria-current');
}

$('history-open').addEventListener('click', openHistory);
$('action-form').addEventListener('submit', run);
$('reset').addEventListener('click', () => state.form && state.form.reset());
$('license-file').addEventListener('change', (event) => {
  const file = event.target.files[0];
  if (file) useLicense(file);
});
$('license-clear').addEventListener('click', forgetLicense);
$('connection-test').addEventListener('click', testConnection);
$('saved-load').addEventListener('click', loadSavedInputs);
$('saved-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (file) $('saved-text').value = await file.text();
});
$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.apiKey = $('api-key').value;
  $('key-form').hidden = true;
  loadPalette();
});
loadPalette();
