// Renders an action's field metadata (GET /v1/actions/{id}) as a form:
// groups in order, one widget per builder type, enums as dropdowns,
// choices loaded from the provider for "optionsFrom" fields, defaults, help,
// bundle-locked groups disabled with their upsell, notices, and
// "visibleWhen" conditions applied as values change.

import { isVisible, sameValue } from './conditions.js';
import { element } from './element.js';
import { OptionPicker } from './optionpicker.js';

const NOT_SET = '';

export class ActionForm {
  // loadOptions(fieldKey, search, cursor) answers a field's options from the provider.
  constructor(container, metadata, { onUnlockRequest, loadOptions } = {}) {
    this.container = container;
    this.metadata = metadata;
    this.controls = new Map();
    this.groups = [];
    this.onUnlockRequest = onUnlockRequest;
    this.loadOptions = loadOptions;
    container.replaceChildren(...metadata.groups.map((group) => this.renderGroup(group)));
    this.applyConditions();
  }

  renderGroup(group) {
    const fieldset = element('fieldset', { className: 'group' + (group.locked ? ' locked' : '') });
    fieldset.dataset.group = group.id;
    fieldset.append(element('legend', { textContent: group.title }));
    if (group.bundle) {
      const note = element('div', { className: 'bundle-note' });
      note.dataset.bundle = group.bundle.id;
      if (group.locked) {
        note.append(element('p', { textContent: `Locked · ${group.bundle.title}: ${group.bundle.upsell || 'needs a bundle licence.'}` }));
        const unlock = element('button', { type: 'button', textContent: 'Upload a licence to unlock' });
        unlock.addEventListener('click', () => this.onUnlockRequest && this.onUnlockRequest());
        note.append(unlock);
      } else {
        note.append(element('p', { textContent: `Unlocked by your licence: ${group.bundle.title}` }));
      }
      fieldset.append(note);
    }
    const notices = group.notices || [];
    const noticesAfter = (key) => notices.filter((n) => (n.after || null) === key)
      .map((n) => element('p', { className: 'notice', textContent: n.text }));
    fieldset.append(...noticesAfter(null));
    for (const field of group.fields) {
      const control = this.renderField(field, group);
      this.controls.set(field.key, control);
      fieldset.append(control.container, ...noticesAfter(field.key));
    }
    this.groups.push({ group, fieldset });
    return fieldset;
  }

  renderField(field, group) {
    const id = `field-${field.key}`;
    const container = element('div', { className: 'field' });
    container.dataset.field = field.key;
    container.dataset.type = field.type;
    const label = element('label', { htmlFor: id, textContent: field.label });
    if (field.required) label.append(element('span', { className: 'required', textContent: ' *', title: 'Required' }));
    label.title = field.description || '';
    const help = element('p', { className: 'help', id: `${id}-help`, textContent: helpText(field) });
    const error = element('p', { className: 'field-error', id: `${id}-error`, hidden: true });
    const locked = Boolean(field.locked || group.locked);
    const widget = widgetFor(field, id);
    const { input, read } = widget;
    input.disabled = locked;
    input.setAttribute('aria-describedby', `${id}-help ${id}-error`);
    if (field.required) input.setAttribute('aria-required', 'true');
    if (field.type === 'Boolean') container.append(input, label);
    else container.append(label, input);
    const picker = field.optionsFrom && !locked && this.loadOptions ? new OptionPicker(field, {
      load: (search, cursor) => this.loadOptions(field.key, search, cursor),
      choose: (value) => {
        widget.write(value);
        input.dispatchEvent(new Event('input'));
      },
      current: () => read(),
    }) : null;
    // The dropdown shows the choice the field holds, however it got there.
    const write = (value) => {
      widget.write(value);
      if (picker) picker.showValue(value);
    };
    input.addEventListener('input', () => {
      this.clearError(field.key);
      if (picker) picker.showValue(read());
      this.applyConditions();
    });
    input.addEventListener('change', () => this.applyConditions());
    if (picker) container.append(picker.container);
    container.append(help, error);
    if (field.visibleWhenText) container.title = field.visibleWhenText;
    const control = {
      field, container, input, locked,
      read, write,
      reset: () => write(field.default),
      setError: (message) => {
        error.textContent = message;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        container.classList.add('invalid');
      },
    };
    control.reset();
    if (picker) picker.reload();
    return control;
  }

  // Shows each field and group whose condition holds for the inputs the
  // form would send. A hidden field is not sent, which may hide others in
  // turn: repeated until nothing changes (a loop of conditions stops after
  // one round per field).
  applyConditions() {
    const defaults = {};
    for (const [key, control] of this.controls) defaults[key] = control.field.default;
    let hidden = new Set();
    let hiddenGroups = new Set();
    for (let round = 0; round <= this.controls.size; ++round) {
      const sent = this.collect(hidden).inputs;
      const nowHidden = new Set();
      hiddenGroups = new Set();
      for (const { group } of this.groups) {
        const groupShown = isVisible(group.visibleWhen, sent, defaults);
        if (!groupShown) hiddenGroups.add(group.id);
        for (const field of group.fields) {
          if (!groupShown || !isVisible(field.visibleWhen, sent, defaults)) nowHidden.add(field.key);
        }
      }
      const settled = nowHidden.size === hidden.size && [...nowHidden].every((key) => hidden.has(key));
      hidden = nowHidden;
      if (settled) break;
    }
    for (const { group, fieldset } of this.groups) {
      fieldset.hidden = hiddenGroups.has(group.id);
      for (const field of group.fields) this.controls.get(field.key).container.hidden = hidden.has(field.key);
    }
  }

  // The inputs to send: visible, unlocked, set, and not just the default.
  inputs() {
    const hidden = new Set();
    for (const [key, control] of this.controls) {
      if (control.container.hidden) hidden.add(key);
    }
    return this.collect(hidden, { strict: true });
  }

  // The values of the fields not hidden that would be sent; with
  // strict, a value that cannot be read is a problem instead.
  collect(hidden, { strict = false } = {}) {
    const inputs = {};
    const problems = [];
    for (const [key, control] of this.controls) {
      if (control.locked || hidden.has(key)) continue;
      let value;
      try {
        value = control.read({ strict });
      } catch (problem) {
        problems.push({ field: `/${key}`, message: problem.message, code: 'invalid_input' });
        continue;
      }
      if (value === undefined) continue;
      if (control.field.default !== undefined && sameValue(value, control.field.default)) continue;
      inputs[key] = value;
    }
    return { inputs, problems };
  }

  // Puts each error at its field; returns the errors tied to no field.
  showErrors(errors) {
    const unplaced = [];
    let first = null;
    for (const error of errors) {
      const key = (error.field || '').split('/')[1];
      const control = key && this.controls.get(decodePointer(key));
      if (!control) { unplaced.push(error); continue; }
      control.setError(error.message);
      first = first || control;
    }
    if (first) first.input.focus();
    return unplaced;
  }

  clearError(key) {
    const control = this.controls.get(key);
    if (!control) return;
    const error = control.container.querySelector('.field-error');
    error.hidden = true;
    error.textContent = '';
    control.input.removeAttribute('aria-invalid');
    control.container.classList.remove('invalid');
  }

  clearErrors() {
    for (const key of this.controls.keys()) this.clearError(key);
  }

  reset() {
    for (const control of this.controls.values()) control.reset();
    this.clearErrors();
    this.applyConditions();
  }

  // Values typed so far, to carry over when the form is rendered again.
  snapshot() {
    const values = {};
    for (const [key, control] of this.controls) values[key] = control.read();
    return values;
  }

  // Fills in the values; returns those it could not, each {key, reason}.
  restore(values) {
    const leftOut = [];
    for (const [key, value] of Object.entries(values)) {
      const control = this.controls.get(key);
      if (!control) {
        leftOut.push({ key, reason: 'not a field of this form' });
        continue;
      }
      if (value === undefined) continue;
      control.write(value);
      // An unticked box without a default reads as not set.
      const shown = control.read();
      if (!sameValue(shown, value) && !(value === false && shown === undefined))
        leftOut.push({ key, reason: 'not a value this field takes' });
    }
    this.applyConditions();
    return leftOut;
  }
}

function widgetFor(field, id) {
  const options = field.options || [];
  if (options.length > 0) {
    const select = element('select', { id, name: field.key });
    select.append(element('option', { value: NOT_SET, textContent: field.required ? 'Choose…' : '(not set)' }));
    options.forEach((option, index) => select.append(element('option', { value: String(index), textContent: String(option) })));
    return {
      input: select,
      read: () => (select.value === NOT_SET ? undefined : options[Number(select.value)]),
      write: (value) => {
        const index = options.findIndex((option) => JSON.stringify(option) === JSON.stringify(value));
        select.value = index < 0 ? NOT_SET : String(index);
      },
    };
  }
  switch (field.type) {
    case 'Boolean': {
      const box = element('input', { id, name: field.key, type: 'checkbox' });
      return {
        input: box,
        // Without a default an unticked box means "not set".
        read: () => (box.checked ? true : field.default === undefined ? undefined : false),
        write: (value) => { box.checked = value === true; },
      };
    }
    case 'Number': {
      const input = element('input', { id, name: field.key, type: 'number', inputMode: 'numeric' });
      const c = field.constraints || {};
      if (c.minimum !== undefined) input.min = c.minimum;
      if (c.maximum !== undefined) input.max = c.maximum;
      input.step = 'any';
      return {
        input,
        read: ({ strict } = {}) => {
          if (input.value.trim() === '') {
            if (strict && input.validity.badInput) throw new Error('is not a number');
            return undefined;
          }
          return Number(input.value);
        },
        write: (value) => { input.value = value === undefined ? '' : String(value); },
      };
    }
    case 'List': {
      const input = element('input', { id, name: field.key, type: 'text', placeholder: 'comma, separated, values' });
      return {
        input,
        read: () => (input.value.trim() === '' ? undefined : input.value.split(',').map((s) => s.trim()).filter(Boolean)),
        write: (value) => { input.value = Array.isArray(value) ? value.join(', ') : ''; },
      };
    }
    case 'Object': {
      const area = element('textarea', { id, name: field.key, rows: 3, placeholder: '{"key": "value"}', spellcheck: false });
      return {
        input: area,
        read: ({ strict } = {}) => {
          if (area.value.trim() === '') return undefined;
          try { return JSON.parse(area.value); } catch (problem) {
            if (strict) throw new Error(`is not valid JSON (${problem.message})`);
            return area.value;
          }
        },
        write: (value) => { area.value = value === undefined ? '' : JSON.stringify(value); },
      };
    }
    default: {
      const input = element('input', { id, name: field.key, type: 'text' });
      const c = field.constraints || {};
      if (c.maxLength !== undefined) input.maxLength = c.maxLength;
      if (field.type === 'Date') input.placeholder = '2026-12-31T23:59:00Z';
      if (field.type === 'Time') input.placeholder = '23:59:00Z';
      return {
        input,
        read: () => (input.value === '' ? undefined : input.value),
        write: (value) => { input.value = value === undefined ? '' : String(value); },
      };
    }
  }
}

function helpText(field) {
  const parts = [field.description || ''];
  if (field.default !== undefined) parts.push(`Default: ${display(field.default)}.`);
  else if (!field.required) parts.push('Optional.');
  const c = field.constraints || {};
  if (c.maxLength !== undefined) parts.push(`At most ${c.maxLength} characters.`);
  return parts.filter(Boolean).join(' ');
}

function display(value) {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function decodePointer(segment) {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
