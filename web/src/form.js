// Renders the campaign's form (fields by step, consents, submit) from the campaign JSON.
// Rendering only: every check of a value is the core's (engine.js). The pieces the quiz
// shares (buttons, options, error lines) are exported for quiz.js.
//
// The form is a real <form method="post"> to the collector's /v1/forms/<campaign id>, with a
// name on every control (fields by name, consents "consent:<id>", quiz answers "quiz:<id>"),
// so that the same markup, pre-rendered (web/prerender.mjs), captures a lead without script.
import { h, setText } from './dom.js';

const INPUT_TYPES = { email: 'email', tel: 'tel', hidden: 'hidden' }; // else text
const INPUT_MODES = { tel: 'tel', number: 'decimal', email: 'email' };

/** A button of the widget's actions (back, next, submit, ...). */
export const button = (className, label, part = 'button', type = 'button') =>
  h('button', { type, class: className, part }, label);

/** The (hidden until shown) error line of a control, named by its aria-describedby; `name` is
 *  the control's form name (the collector fills the line when it sends the form back). */
export const errorLine = (id, name) => h('p', { class: 'mg-error', 'data-for': name, id, hidden: true });

/** One radio button or checkbox with its label. */
export const option = (input, label) =>
  h('div', { class: 'mg-option' }, input, h('label', { for: input.id }, label));

/** The heading of the form or quiz. */
export const title = (text) => h('h2', { class: 'mg-title', part: 'title' }, text);

/** "Step 1 of 3", "Question 2 of 4": a live region. */
export const progressLine = () => h('p', { class: 'mg-progress', 'aria-live': 'polite' });

const ariaRequired = (required) => (required ? 'true' : false);

/**
 * Where the pre-rendered form posts without script: the collector's /v1/forms/<id>, beside the
 * magnete-v1 endpoint (/v1/leads). Relative when the endpoint is; null for a vendor format or
 * without delivery. `delivery` is the core's ({url, format}, resolved).
 */
export function formAction(delivery, campaignId) {
  if (delivery?.format !== 'magnete-v1') return null;
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(delivery.url);
  const url = new URL(`forms/${encodeURIComponent(campaignId)}`, new URL(delivery.url, 'http://magnete.invalid/'));
  return absolute ? url.href : url.pathname;
}

/**
 * Builds the form: the fields, consents and options as the campaign shows them, the steps,
 * texts, required consents and form action as the core resolved them (`resolved`); `text` picks
 * a campaign text in the locale, `meta` names the campaign version, locale and variant for a
 * post without script. Returns {form, section, fields:
 * Map(name -> {field, control, error, suggestion}), consents: Map(id -> {consent, input,
 * label, error}), steps: [fieldset], stepFields: [[name]], submit, back, next, status,
 * progress, intro, honeypot, actions}. `section` holds everything but the hidden inputs, so a
 * quiz can sit before it in the same form.
 */
export function renderForm(campaign, resolved, text, t, meta) {
  const fields = new Map();
  const consents = new Map();
  const allFields = campaign.fields || [];
  const render = (field) => renderField(field, `mg-${field.name}`, text, t, fields);

  const progress = progressLine();
  const intro = h('p', { class: 'mg-intro', hidden: true });
  // Honeypot: invisible to people, filled by naive bots (the collector rejects those).
  const honeypot = h('input', { type: 'text', name: 'mg_hp', tabindex: '-1', autocomplete: 'off',
    'aria-hidden': 'true', class: 'mg-hp' });
  const action = formAction(resolved.delivery, resolved.campaign.id);
  const form = h('form', { class: 'mg-form', novalidate: true, part: 'form', method: action && 'post', action },
    Object.entries(meta).map(([name, value]) => h('input', { type: 'hidden', name, value })), honeypot);
  const heading = text(resolved.texts.title);
  const section = h('div', { class: 'mg-fields' }, heading ? title(heading) : null, progress, intro);

  const byName = new Map(allFields.map((f) => [f.name, f]));
  const stepFields = resolved.steps;
  const steps = stepFields.map((names, index) => {
    const fieldset = h('fieldset', { class: 'mg-step', 'data-step': index }, names.map((name) => render(byName.get(name))));
    section.append(fieldset);
    return fieldset;
  });
  for (const field of allFields) {
    if (field.type === 'hidden') section.append(render(field));
  }

  const consentBox = h('div', { class: 'mg-consents' });
  for (const consent of campaign.consents || []) {
    const id = `mg-consent-${consent.id}`;
    // Never pre-ticked (README, "Consent").
    const input = h('input', { type: 'checkbox', id, name: `consent:${consent.id}`,
      'aria-describedby': `${id}-error`, 'aria-required': ariaRequired(resolved.required_consents.includes(consent.id)) });
    const label = h('label', { for: id }, text(consent.text));
    const error = errorLine(`${id}-error`, `consent:${consent.id}`);
    consentBox.append(h('div', { class: 'mg-consent' }, input, label, error));
    consents.set(consent.id, { consent, input, label, error });
  }
  // The consents go with the last step, which is never skipped.
  steps[steps.length - 1].append(consentBox);

  const status = h('p', { class: 'mg-status', role: 'status', 'aria-live': 'polite' });
  const back = button('mg-back', t('back'));
  const next = button('mg-next', t('next'));
  const submit = button('mg-submit', text(resolved.texts.submit_label) || t('submit'), 'button submit', 'submit');
  const actions = h('div', { class: 'mg-actions' }, back, next, submit);
  section.append(actions, status);
  form.append(section);
  return { form, section, fields, consents, steps, stepFields, submit, back, next, status, progress,
    intro, honeypot, actions };
}

/**
 * Progressive profiling: fields the visitor already gave are not asked again. Their rows are
 * hidden, a step made only of them is marked data-known (the last step, with the consents, never
 * is), and a "not you?" button is added. Returns the button, or null when nothing is known.
 */
export function markKnown(ui, known, t) {
  if (!known.size) return null;
  ui.stepFields.forEach((names, index) => {
    for (const name of names) {
      if (known.has(name)) ui.fields.get(name).control.closest('.mg-field').hidden = true;
    }
    if (index < ui.steps.length - 1 && names.length && names.every((name) => known.has(name))) {
      ui.steps[index].dataset.known = '1';
    }
  });
  const notYou = button('mg-not-you', t('not_you'), false);
  ui.section.insertBefore(notYou, ui.actions);
  return notYou;
}

/** The value of a field's control as the core takes it: text, a choice, a list, a boolean. */
export function fieldValue(entry) {
  const { field, control } = entry;
  const choices = field.options || [];
  if (field.type === 'radio' || (field.type === 'checkbox' && choices.length)) {
    const checked = [...control.querySelectorAll('input:checked')].map((i) => i.value);
    return field.type === 'radio' ? (checked[0] ?? '') : checked;
  }
  return field.type === 'checkbox' ? control.checked : control.value;
}

function renderField(field, id, text, t, fields) {
  const { name, type, required } = field;
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const help = text(field.help);
  const describedBy = help ? `${helpId} ${errorId}` : errorId;
  const error = errorLine(errorId, name);
  const labelText = [text(field.label) || name, required ? null : t('optional')].filter(Boolean).join(' ');
  const label = () => h('label', { for: id }, labelText);
  const common = { id, name, 'aria-describedby': describedBy, 'aria-required': ariaRequired(required) };
  const choices = field.options || [];
  let control;
  let wrapper;

  if (type === 'hidden') {
    control = h('input', { type, id, name });
    fields.set(name, { field, control, error });
    return control;
  }
  if (type === 'select') {
    control = h('select', { ...common, autocomplete: field.autocomplete || false },
      h('option', { value: '' }, t('choose')),
      choices.map((o) => optionOf(o, text, (value, optionLabel) => h('option', { value }, optionLabel))));
    wrapper = [label(), control];
  } else if (type === 'radio' || (type === 'checkbox' && choices.length)) {
    control = h('fieldset', { class: 'mg-group', id, 'aria-describedby': describedBy,
      'aria-required': ariaRequired(required) }, h('legend', {}, labelText),
      choices.map((o, i) => optionOf(o, text, (value, optionLabel) => option(
        h('input', { type, id: `${id}-${i}`, name, value, 'aria-describedby': describedBy }), optionLabel))));
    wrapper = [control];
  } else if (type === 'checkbox') {
    control = h('input', { ...common, type });
    wrapper = [control, label()];
  } else {
    const tag = type === 'textarea' ? type : 'input';
    control = h(tag, {
      ...common,
      type: tag === 'input' && (INPUT_TYPES[type] || 'text'),
      inputmode: INPUT_MODES[type],
      autocomplete: field.autocomplete || false,
      placeholder: text(field.placeholder) || false,
      maxlength: field.max_length || false,
      spellcheck: type === 'email' && 'false',
    });
    wrapper = [label(), control];
  }
  const suggestion = h('p', { class: 'mg-suggestion', hidden: true });
  wrapper = h('div', { class: type === 'checkbox' && !choices.length ? 'mg-field mg-check' : 'mg-field' },
    wrapper, help ? h('p', { class: 'mg-help', id: helpId }, help) : null, suggestion, error);
  fields.set(name, { field, control, error, suggestion });
  return wrapper;
}

function optionOf(option, text, make) {
  return typeof option === 'string' ? make(option, option) : make(option.value, text(option.label) || option.value);
}

/** Shows or clears a field's error; the control is marked invalid for assistive tech. */
export function showError(entry, message) {
  setText(entry.error, message);
  entry.error.hidden = !message;
  const target = entry.control || entry.input;
  if (message) target.setAttribute('aria-invalid', 'true');
  else target.removeAttribute('aria-invalid');
}
