// Renders the campaign's form (fields by step, consents, submit) from the campaign JSON.
// Rendering only: every check of a value is the core's (engine.js).
import { h, setText } from './dom.js';
import { pick } from './i18n.js';

const INPUT_TYPES = { text: 'text', email: 'email', tel: 'tel', number: 'text', hidden: 'hidden' };
const INPUT_MODES = { tel: 'tel', number: 'decimal', email: 'email' };

let uid = 0;

/**
 * Builds the form. Returns {form, fields: Map(name -> {field, control, error, get()}),
 * consents: Map(id -> {consent, input, label, error}), steps: [fieldset], submit, status}.
 */
export function renderForm(campaign, locale, t) {
  const prefix = `mg${++uid}`;
  const fallback = campaign.default_locale || 'en';
  const text = (value) => pick(value, locale, fallback);
  const fields = new Map();
  const consents = new Map();

  const form = h('form', { class: 'mg-form', novalidate: true, part: 'form' });
  if (campaign.title) form.append(h('h2', { class: 'mg-title', part: 'title' }, text(campaign.title)));
  const progress = h('p', { class: 'mg-progress', 'aria-live': 'polite' });
  form.append(progress);

  // Honeypot: invisible to people, filled by naive bots (the collector rejects those).
  const honeypot = h('input', { type: 'text', name: 'mg_hp', tabindex: '-1', autocomplete: 'off',
    'aria-hidden': 'true', class: 'mg-hp' });
  form.append(honeypot);

  const byName = new Map((campaign.fields || []).map((f) => [f.name, f]));
  const stepNames = Array.isArray(campaign.steps) && campaign.steps.length
    ? campaign.steps
    : [(campaign.fields || []).filter((f) => f.type !== 'hidden').map((f) => f.name)];
  const steps = stepNames.map((names, index) => {
    const fieldset = h('fieldset', { class: 'mg-step', 'data-step': index });
    for (const name of names) {
      const field = byName.get(name);
      if (field) fieldset.append(renderField(field, `${prefix}-${name}`, text, t, fields));
    }
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
  steps[steps.length - 1].append(consentBox);

  const status = h('p', { class: 'mg-status', role: 'status', 'aria-live': 'polite' });
  const back = h('button', { type: 'button', class: 'mg-back', part: 'button' }, t('back'));
  const next = h('button', { type: 'button', class: 'mg-next', part: 'button' }, t('next'));
  const submit = h('button', { type: 'submit', class: 'mg-submit', part: 'button submit' },
    text(campaign.submit_label) || t('submit'));
  form.append(h('div', { class: 'mg-actions' }, back, next, submit), status);
  return { form, fields, consents, steps, submit, back, next, status, progress, honeypot };
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
