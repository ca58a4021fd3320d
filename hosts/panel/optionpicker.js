// A dropdown of the options a field's "optionsFrom" action lists at the
// provider (Daily's rooms for a token's room name), with a search box and
// "More" for the next page. Choosing one writes it into the field, which
// stays free text: options that cannot be loaded never block the form.

import { sameValue } from './conditions.js';
import { element } from './element.js';

const SEARCH_DELAY_MS = 250;
const NOT_CHOSEN = '';

export class OptionPicker {
  // load(search, cursor) answers the service's options document for the field:
  // {"options": [{"value", "label"}], "freeText", "reason"?, "nextCursor"?}.
  // choose(value) writes a choice into the field; current() reads the field.
  constructor(field, { load, choose, current }) {
    this.load = load;
    this.choose = choose;
    this.current = current;
    this.options = [];
    this.cursor = null;
    this.generation = 0;
    const source = field.optionsFrom.action;
    this.container = element('div', { className: 'option-picker' });
    const id = `field-${field.key}-choices`;
    this.search = element('input', { id: `${id}-search`, type: 'search', placeholder: 'Search…', autocomplete: 'off' });
    this.select = element('select', { id });
    this.more = element('button', { type: 'button', textContent: 'More', hidden: true });
    this.more.setAttribute('aria-label', `More ${field.label} choices`);
    this.status = element('p', { className: 'option-status' });
    this.status.setAttribute('role', 'status');
    this.container.title = `Choices listed by ${source}`;
    this.container.append(hiddenLabel(this.search, `Search ${field.label} choices`), this.search,
      hiddenLabel(this.select, `${field.label} choices`), this.select, this.more, this.status);

    let timer = null;
    this.search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.reload(), SEARCH_DELAY_MS);
    });
    this.search.addEventListener('keydown', (event) => {
      // Enter searches at once instead of running the action.
      if (event.key !== 'Enter') return;
      event.preventDefault();
      clearTimeout(timer);
      this.reload();
    });
    this.select.addEventListener('change', () => {
      if (this.select.value !== NOT_CHOSEN) this.choose(this.options[Number(this.select.value)].value);
    });
    this.more.addEventListener('click', () => this.fetchPage(this.cursor, this.generation));
  }

  // Selects the choice whose value is the given one, or none.
  showValue(value) {
    const index = this.options.findIndex((option) => sameValue(option.value, value));
    this.select.value = index < 0 ? NOT_CHOSEN : String(index);
  }

  // The first page again, for the search text now in the box.
  reload() {
    this.options = [];
    this.cursor = null;
    this.generation += 1;
    this.render();
    return this.fetchPage(null, this.generation);
  }

  async fetchPage(cursor, generation) {
    this.more.disabled = true;
    this.status.textContent = 'Loading choices…';
    let document;
    try {
      document = await this.load(this.search.value.trim(), cursor);
    } catch (problem) {
      document = { freeText: true, reason: problem.message };
    }
    // An answer for an older search is dropped.
    if (generation !== this.generation) return;
    this.more.disabled = false;
    if (!document || document.freeText || !Array.isArray(document.options)) {
      this.cursor = null;
      this.select.hidden = true;
      this.more.hidden = true;
      this.status.textContent = `Type the value: the choices could not be loaded${document && document.reason ? ` (${document.reason})` : ''}.`;
      return;
    }
    this.options.push(...document.options);
    this.cursor = document.nextCursor || null;
    this.render();
    const count = this.options.length;
    this.status.textContent = count === 0 ? 'No choice matches.'
      : `${count} choice${count === 1 ? '' : 's'} loaded${this.cursor ? ', more available' : ''}.`;
  }

  render() {
    this.select.hidden = false;
    this.select.replaceChildren(element('option', { value: NOT_CHOSEN, textContent: 'Choose…' }),
      ...this.options.map((option, index) => element('option', { value: String(index), textContent: option.label })));
    this.showValue(this.current());
    this.more.hidden = !this.cursor;
  }
}

// A label for screen readers: the field's own label is shown beside it.
function hiddenLabel(control, text) {
  return element('label', { htmlFor: control.id, className: 'visually-hidden', textContent: text });
}
