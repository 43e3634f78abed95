// The form's values and the quiz's answers checked by the core as the visitor goes: a field
// when it is left or changed, a step before the next one, what was typed into pre-rendered
// markup before the script came, the values the page gives hidden fields. Every verdict is the
// core's (Engine.setField, Engine.answer); this file shows it.
import { h } from './dom.js';
import { fieldValue, showError } from './form.js';
import { answersOf } from './quiz.js';

/** `c`: {view (view.js), engine (engine.js), locale, visitor (visitor.js: keeps each value the
 *  core took), update() (after each verdict)}; `known`: names the visitor gave on an earlier
 *  visit (not asked again). */
export class FieldChecks {
  #c;
  #known;

  constructor(c, known) {
    this.#c = c;
    this.#known = known;
  }

  /** Checks one field; shows the core's message and suggestion. True when it took the value. */
  field(name) {
    const entry = this.#c.view.ui.fields.get(name);
    const result = this.#c.engine.setField(name, fieldValue(entry), this.#c.locale);
    showError(entry, result.ok ? '' : result.message);
    this.#suggest(entry, result.suggestion);
    if (result.ok) this.#c.visitor.setContact(name, result.value);
    this.#c.update();
    return result.ok;
  }

  /** Sets a hidden field's value (what the page knows) and checks it; false when there is no
   *  hidden field of that name. */
  setHidden(name, value) {
    const entry = this.#c.view.ui.fields.get(name);
    if (!entry || entry.field.type !== 'hidden') return false;
    entry.control.value = value === null || value === undefined ? '' : String(value);
    this.field(name);
    return true;
  }

  /** Fills the hidden fields from the host's `values`, else from the page URL's parameter of
   *  their name (`params`, URLSearchParams). */
  fillHidden(values, params) {
    for (const [name, entry] of this.#c.view.ui.fields) {
      const given = entry.field.type === 'hidden' ? values?.[name] ?? params.get(name) : null;
      if (given !== null && given !== undefined && given !== '') this.setHidden(name, String(given));
    }
  }

  /** The visitor's answer to the question shown, to the core; its verdict shown. */
  answer() {
    const view = this.#c.view;
    const entry = view.quiz.questions[view.question];
    const result = this.#c.engine.answer(entry.question.id, answersOf(entry), this.#c.locale);
    showError(entry, result.ok ? '' : (result.message || result.errors?.[0]?.message));
    return result;
  }

  /** Checks each field the visitor changes or leaves, and a shown error again as they type. */
  listen() {
    for (const [name, entry] of this.#c.view.ui.fields) {
      if (entry.field.type === 'hidden') continue;
      const check = () => this.field(name);
      entry.control.addEventListener('change', check);
      entry.control.addEventListener('focusout', check);
      entry.control.addEventListener('input', () => !entry.error.hidden && check()); // cleared once fixed
    }
  }

  /** Checks every field of step `index` the visitor is asked; focuses the first bad one. */
  step(index) {
    let firstBad = null;
    for (const name of this.#c.view.ui.stepFields[index]) {
      if (this.#known.has(name)) continue;
      if (!this.field(name) && !firstBad) firstBad = this.#c.view.ui.fields.get(name).control;
    }
    firstBad?.focus();
    return !firstBad;
  }

  /** What was typed into pre-rendered markup before the script: checked now, but for the field
   *  being typed in (checked when the visitor leaves it). */
  prefilled(active) {
    for (const [name, entry] of this.#c.view.ui.fields) {
      if (entry.field.type === 'hidden' || entry.control === active || entry.control.contains?.(active)) continue;
      const value = fieldValue(entry);
      if (value === '' || value === false || (Array.isArray(value) && !value.length)) continue;
      this.field(name);
    }
  }

  // "Did you mean mario@gmail.com? [Use mario@gmail.com]"
  #suggest(entry, suggestion) {
    const box = entry.suggestion;
    if (!box) return;
    box.replaceChildren();
    box.hidden = !suggestion;
    if (!suggestion) return;
    const { t } = this.#c.view;
    const fix = h('button', { type: 'button', class: 'mg-fix' }, t('use_suggestion', { value: suggestion }));
    fix.addEventListener('click', () => {
      entry.control.value = suggestion;
      this.field(entry.field.name);
      entry.control.focus();
    });
    box.append(h('span', {}, t('did_you_mean', { value: suggestion })), ' ', fix);
  }
}
