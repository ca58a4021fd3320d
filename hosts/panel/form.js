// Renders an action's field metadata (GET /v1/actions/{id}) as a form:
// groups in order, one widget per builder type, enums as dropdowns,
// defaults, help, bundle-locked groups disabled with their upsell, notices,
// and "visibleWhen" conditions applied as values change.

import { isVisible } from './conditions.js';

const NOT_SET = '';

export class ActionForm {
  constructor(container, metadata, { onUnlockRequest } = {}) {
    this.container = container;
    this.metadata = metadata;
    this.controls = new Map();
    this.groups = [];
    this.onUnlockRequest = onUnlockRequest;
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
    const { input, read, write } = widgetFor(field, id);
    input.disabled = locked;
    input.setAttribute('aria-describedby', `${id}-help ${id}-error`);
    if (field.required) input.setAttribute('aria-required', 'true');
    input.addEventListener('input', () => { this.clearError(field.key); this.applyConditions(); });
    input.addEventListener('change', () => this.applyConditions());
    if (field.type === 'Boolean') container.append(input, label);
    else container.append(label, input);
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
    return control;
  }

  // Values as the conditions see them (a checkbox is true or false).
  currentValues() {
    const values = {};
    for (const [key, control] of this.controls) {
      const value = control.read();
      if (value !== undefined) values[key] = value;
    }
    return values;
  }

  applyConditions() {
    const values = this.currentValues();
    for (const { group, fieldset } of this.groups) {
      fieldset.hidden = !isVisible(group.visibleWhen, values);
      for (const field of group.fields) {
        const control = this.controls.get(field.key);
        control.container.hidden = !isVisible(field.visibleWhen, values);
      }
    }
  }

  // The inputs to send: visible, unlocked, set, and not just the default.
  inputs() {
    const inputs = {};
    const problems = [];
    for (const [key, control] of this.controls) {
      if (control.locked || control.container.hidden || control.container.closest('fieldset').hidden) continue;
      let value;
      try {
        value = control.read({ strict: true });
      } catch (problem) {
        problems.push({ field: `/${key}`, message: problem.message, code: 'invalid_input' });
        continue;
      }
      if (value === undefined) continue;
      if (control.field.default !== undefined && JSON.stringify(value) === JSON.stringify(control.field.default)) continue;
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

  restore(values) {
    for (const [key, value] of Object.entries(values)) {
      const control = this.controls.get(key);
      if (control && value !== undefined) control.write(value);
    }
    this.applyConditions();
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

export function element(tag, properties = {}) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(properties)) node[name] = value;
  return node;
}
