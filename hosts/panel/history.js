// The run history: the service's recorded runs, newest first (GET /v1/runs),
// a run's detail (GET /v1/runs/{id}), and its replay (POST
// /v1/runs/{id}/replay), which asks again for the inputs the service masked
// and did not keep.

import { element } from './element.js';
import { errorText } from './errortext.js';

const PAGE_SIZE = 20;

function durationText(milliseconds) {
  return milliseconds >= 1000 ? `${(milliseconds / 1000).toFixed(1)} s` : `${Math.round(milliseconds)} ms`;
}

function jsonText(value) {
  return JSON.stringify(value, null, 2);
}

export class RunHistory {
  // api(path, {method, body}) answers {status, document}; elements: the view's nodes by role.
  constructor(api, elements) {
    this.api = api;
    this.view = elements;
    this.nextBefore = null;
    this.run = null;
    this.view.more.addEventListener('click', () => this.load(false));
    this.view.replayForm.addEventListener('submit', (event) => { event.preventDefault(); this.replay(); });
    this.view.back.addEventListener('click', () => this.showList());
  }

  // Shows the newest runs.
  async open() {
    this.view.section.hidden = false;
    this.showList();
    await this.load(true);
    this.view.heading.focus();
  }

  close() {
    this.view.section.hidden = true;
  }

  showList() {
    this.view.detail.hidden = true;
    this.view.list.hidden = false;
  }

  async load(fresh) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (!fresh && this.nextBefore) query.set('before', String(this.nextBefore));
    this.view.status.textContent = 'Loading…';
    const { status, document } = await this.api(`/v1/runs?${query}`);
    if (status !== 200) {
      this.view.status.textContent = errorText(document, `The runs could not be listed (HTTP ${status}).`);
      return;
    }
    const rows = document.runs.map((run) => this.row(run));
    if (fresh) this.view.rows.replaceChildren(...rows);
    else this.view.rows.append(...rows);
    this.nextBefore = document.next_before || null;
    this.view.more.hidden = !this.nextBefore;
    const shown = this.view.rows.children.length;
    this.view.status.textContent = shown ? `${shown} run${shown === 1 ? '' : 's'} shown, newest first.` : 'No runs recorded yet.';
  }

  row(run) {
    const tr = element('tr');
    tr.dataset.run = String(run.id);
    const open = element('button', { type: 'button', textContent: `#${run.id}` });
    // Not "Run …": the form's Run button is found by that name.
    open.setAttribute('aria-label', `Details of #${run.id}: ${run.action}, ${run.status}`);
    open.addEventListener('click', () => this.show(run.id));
    const status = element('td', { textContent: run.status, className: `run-status-${run.status === 'succeeded' ? 'ok' : 'failed'}` });
    const cells = [element('td'), element('td', { textContent: run.action }), status,
      element('td', { textContent: run.started_at }), element('td', { textContent: durationText(run.duration_ms) })];
    cells[0].append(open);
    tr.append(...cells);
    return tr;
  }

  // One run's detail, with a replay form asking for its masked inputs.
  async show(id) {
    const { status, document } = await this.api(`/v1/runs/${encodeURIComponent(id)}`);
    if (status !== 200) {
      this.view.status.textContent = errorText(document, `Run ${id} could not be read (HTTP ${status}).`);
      return;
    }
    this.run = document;
    const v = this.view;
    v.runTitle.textContent = `Run #${document.id}: ${document.action}`;
    const facts = [['Status', document.status], ['Action version', document.version], ['Origin', document.origin],
      ['Started', document.started_at], ['Duration', durationText(document.duration_ms)]];
    v.facts.replaceChildren(...facts.flatMap(([term, value]) => [element('dt', { textContent: term }), element('dd', { textContent: value })]));
    v.inputs.textContent = jsonText(document.inputs);
    v.outputs.textContent = jsonText(document.outputs);
    const problems = [...document.errors.map((e) => `Error: ${e.message}`), ...document.warnings.map((w) => `Warning: ${w.message}`)];
    v.problems.replaceChildren(...problems.map((text) => element('p', { textContent: text })));
    v.problems.hidden = problems.length === 0;
    v.masked.replaceChildren(...document.masked_inputs.map((key) => this.maskedField(key)));
    v.maskedNote.hidden = document.masked_inputs.length === 0;
    v.replayStatus.textContent = '';
    v.replayResult.hidden = true;
    v.list.hidden = true;
    v.detail.hidden = false;
    v.runTitle.focus();
  }

  maskedField(key) {
    const id = `replay-${key}`;
    const row = element('div', { className: 'saved-row' });
    const input = element('input', { id, type: 'password', autocomplete: 'off', required: true });
    input.dataset.input = key;
    row.append(element('label', { htmlFor: id, textContent: key }), input);
    return row;
  }

  async replay() {
    const v = this.view;
    const body = {};
    for (const input of v.masked.querySelectorAll('input')) {
      if (!input.value) {
        v.replayStatus.textContent = `Enter ${input.dataset.input} again: it was masked and not kept.`;
        input.focus();
        return;
      }
      body[input.dataset.input] = input.value;
    }
    v.replayButton.disabled = true;
    v.replayStatus.textContent = 'Replaying…';
    let answer;
    try {
      answer = await this.api(`/v1/runs/${encodeURIComponent(this.run.id)}/replay`, { method: 'POST', body: JSON.stringify(body) });
    } catch (problem) {
      answer = { status: 0, document: { errors: [{ message: `The service could not be reached: ${problem.message}` }] } };
    } finally {
      v.replayButton.disabled = false;
    }
    const { status, document } = answer;
    v.replayStatus.textContent = status === 200
      ? 'Replayed: the new run is at the top of the history.'
      : `Replay failed (HTTP ${status}): ${errorText(document, 'no reason given')}`;
    v.replayResult.textContent = jsonText((document && document.outputs) || {});
    v.replayResult.hidden = status !== 200;
    for (const input of v.masked.querySelectorAll('input')) input.value = '';
    await this.load(true);
  }
}
