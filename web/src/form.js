// Renders the campaign's form (fields by step, consents, submit) from the campaign JSON.
// Rendering only: every check of a value is the core's (engine.js).
import { h, setText } from './dom.js';
import { pick } from './i18n.js';

const INPUT_TYPES = { text: 'text', email: 'email', tel: 'tel', number: 'text', hidden: 'hidden' };
const INPUT_MODES = { tel: 'tel', number: 'decimal', email: 'email' };

/**
 * Builds the form. Returns {form, fields: Map(name -> {field, control, error, get()}),
 * consents: Map(id -> {consent, input, label, error}), steps: [fieldset], stepFields:
 * [[name]], submit, back, next, status, progress, intro, honeypot, notYou}.
 * `known` fields (progressive profiling) are not asked again: they are rendered hidden and
 * a step made only of them is marked data-known.
 */
export function renderForm(campaign, locale, t, { prefix = 'mg', known = new Set() } = {}) {
  const fallback = campaign.default_locale || 'en';
  const text = (value) => pick(value, locale, fallback);
  const fields = new Map();
  const consents = new Map();

  const form = h('form', { class: 'mg-form', novalidate: true, part: 'form' });
  if (campaign.title) form.append(h('h2', { class: 'mg-title', part: 'title' }, text(campaign.title)));
  const progress = h('p', { class: 'mg-progress', 'aria-live': 'polite' });
  const intro = h('p', { class: 'mg-intro', hidden: true });
  form.append(progress, intro);

  // Honeypot: invisible to people, filled by naive bots (the collector rejects those).
  const honeypot = h('input', { type: 'text', name: 'mg_hp', tabindex: '-1', autocomplete: 'off',
    'aria-hidden': 'true', class: 'mg-hp' });
  form.append(honeypot);

  const byName = new Map((campaign.fields || []).map((f) => [f.name, f]));
  const stepNames = Array.isArray(campaign.steps) && campaign.steps.length
    ? campaign.steps
    : [(campaign.fields || []).filter((f) => f.type !== 'hidden').map((f) => f.name)];
  const stepFields = stepNames.map((names) => names.filter((name) => byName.has(name)));
  const steps = stepFields.map((names, index) => {
    const fieldset = h('fieldset', { class: 'mg-step', 'data-step': index });
    for (const name of names) {
      const wrapper = renderField(byName.get(name), `${prefix}-${name}`, text, t, fields);
      if (known.has(name)) wrapper.hidden = true;
      fieldset.append(wrapper);
    }
    if (names.length && names.every((name) => known.has(name))) fieldset.dataset.known = '1';
    form.append(fieldset);
    return fieldset;
  });
  for (const field of campaign.fields || []) {
    if (field.type === 'hidden') form.append(renderField(field, `${prefix}-${field.name}`, text, t, fields));
  }

  const consentBox = h('div', { class: 'mg-consents' });
  for (const consent of campaign.consents || []) {
    const id = `${prefix}-consent-${consent.id}`;
    // Never pre-ticked (README, "Consent").
    const input = h('input', { type: 'checkbox', id, name: `consent:${consent.id}`,
      'aria-describedby': `${id}-error`, 'aria-required': consent.required ? 'true' : false });
    const label = h('label', { for: id }, text(consent.text));
    const error = h('p', { class: 'mg-error', id: `${id}-error`, hidden: true });
    consentBox.append(h('div', { class: 'mg-consent' }, input, label, error));
    consents.set(consent.id, { consent, input, label, error });
  }
  // The consents go with the last step; it is never skipped, even when all its fields are known.
  delete steps[steps.length - 1].dataset.known;
  steps[steps.length - 1].append(consentBox);
  const notYou = known.size ? h('button', { type: 'button', class: 'mg-not-you' }, t('not_you')) : null;
  if (notYou) form.append(notYou);

  const status = h('p', { class: 'mg-status', role: 'status', 'aria-live': 'polite' });
  const back = h('button', { type: 'button', class: 'mg-back', part: 'button' }, t('back'));
  const next = h('button', { type: 'button', class: 'mg-next', part: 'button' }, t('next'));
  const submit = h('button', { type: 'submit', class: 'mg-submit', part: 'button submit' },
    text(campaign.submit_label) || t('submit'));
  form.append(h('div', { class: 'mg-actions' }, back, next, submit), status);
  return { form, fields, consents, steps, stepFields, submit, back, next, status, progress, intro,
    honeypot, notYou };
}

function renderField(field, id, text, t, fields) {
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const help = text(field.help);
  const describedBy = [help ? helpId : null, errorId].filter(Boolean).join(' ');
  const error = h('p', { class: 'mg-error', id: errorId, hidden: true });
  const labelText = [text(field.label) || field.name, field.required ? null : t('optional')]
    .filter(Boolean).join(' ');
  const common = { id, name: field.name, 'aria-describedby': describedBy,
    'aria-required': field.required ? 'true' : false };
  let control;
  let wrapper;
  let get;

  if (field.type === 'hidden') {
    control = h('input', { type: 'hidden', id, name: field.name });
    fields.set(field.name, { field, control, error, get: () => control.value });
    return control;
  }
  if (field.type === 'select') {
    control = h('select', { ...common, autocomplete: field.autocomplete || false },
      h('option', { value: '' }, t('choose')),
      (field.options || []).map((o) => optionOf(o, text, (value, label) => h('option', { value }, label))));
    get = () => control.value;
    wrapper = h('div', { class: 'mg-field' }, h('label', { for: id }, labelText), control);
  } else if (field.type === 'radio' || (field.type === 'checkbox' && field.options?.length)) {
    const inputs = (field.options || []).map((o, i) => optionOf(o, text, (value, label) => {
      const optionId = `${id}-${i}`;
      const input = h('input', { type: field.type, id: optionId, name: field.name, value,
        'aria-describedby': describedBy });
      return h('div', { class: 'mg-option' }, input, h('label', { for: optionId }, label));
    }));
    control = h('fieldset', { class: 'mg-group', id, 'aria-describedby': describedBy,
      'aria-required': field.required ? 'true' : false }, h('legend', {}, labelText), inputs);
    get = () => {
      const checked = [...control.querySelectorAll('input:checked')].map((i) => i.value);
      return field.type === 'radio' ? (checked[0] ?? '') : checked;
    };
    wrapper = h('div', { class: 'mg-field' }, control);
  } else if (field.type === 'checkbox') {
    control = h('input', { ...common, type: 'checkbox' });
    get = () => control.checked;
    wrapper = h('div', { class: 'mg-field mg-check' }, control, h('label', { for: id }, labelText));
  } else {
    const tag = field.type === 'textarea' ? 'textarea' : 'input';
    control = h(tag, {
      ...common,
      type: tag === 'input' ? INPUT_TYPES[field.type] || 'text' : false,
      inputmode: INPUT_MODES[field.type] || false,
      autocomplete: field.autocomplete || false,
      placeholder: text(field.placeholder) || false,
      maxlength: field.max_length || false,
      spellcheck: field.type === 'email' ? 'false' : false,
    });
    get = () => control.value;
    wrapper = h('div', { class: 'mg-field' }, h('label', { for: id }, labelText), control);
  }
  if (help) wrapper.append(h('p', { class: 'mg-help', id: helpId }, help));
  const suggestion = h('p', { class: 'mg-suggestion', hidden: true });
  wrapper.append(suggestion, error);
  fields.set(field.name, { field, control, error, suggestion, wrapper, get });
  return wrapper;
}

function optionOf(option, text, make) {
  const value = typeof option === 'string' ? option : option.value;
  const label = typeof option === 'string' ? option : text(option.label) || option.value;
  return make(value, label);
}

/** Shows or clears a field's error; the control is marked invalid for assistive tech. */
export function showError(entry, message) {
  setText(entry.error, message || '');
  entry.error.hidden = !message;
  const target = entry.control || entry.input;
  if (message) target.setAttribute('aria-invalid', 'true');
  else target.removeAttribute('aria-invalid');
}
