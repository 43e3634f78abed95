// The widget's markup for one campaign, locale and variant: the form (with the quiz before its
// fields, in the same <form>) and the offers, in their first state. The one renderer: the
// widget calls it in the browser, web/prerender.mjs under node to pre-render the same markup,
// which the widget then adopts (adopt.js) instead of rendering again. What the campaign
// decides (the variant's texts, the steps, the required consents, where the form posts) comes
// resolved from the core (`resolved`: Engine.status); the campaign file gives only what is
// shown as written (labels, options, questions).
import { h } from './dom.js';
import { begin } from './flow.js';
import { renderForm } from './form.js';
import { pick, translator } from './i18n.js';
import { renderQuiz } from './quiz.js';

/**
 * Renders `campaign` as the core resolved it (`resolved`, for its variant) in `locale`. Returns
 * the view: {root, ui (form.js), quiz (quiz.js) or null, offers, locale, variant, resolved, t,
 * text} with the first question or step shown.
 */
export function renderView(campaign, resolved, options) {
  const steps = viewSteps(campaign, resolved, options);
  for (;;) {
    const { done, value } = steps.next();
    if (done) return value;
  }
}

/**
 * The same render in steps (a generator: each `yield` is a point where the caller may let the
 * browser run other tasks; the view is its return value). The widget adopting pre-rendered markup
 * renders so, in short tasks, while the page's form is already in use.
 */
export function* viewSteps(campaign, resolved, { locale, strings = {} }) {
  const t = translator(locale, strings);
  const text = (value) => pick(value, locale, resolved.default_locale);
  const { variant } = resolved;
  const ui = renderForm(campaign, resolved, text, t, { mg_version: resolved.campaign.version, mg_locale: locale, mg_variant: variant });
  yield;
  const quiz = campaign.quiz?.questions?.length ? renderQuiz(campaign.quiz, text, t, text(resolved.texts.title)) : null;
  if (quiz) ui.form.insertBefore(quiz.root, ui.section);
  const offers = h('div', { class: 'mg-offers' });
  const root = h('div', { class: 'mg-root', lang: locale, 'data-variant': variant, part: 'root' }, ui.form, offers);
  const view = { root, ui, quiz, offers, locale, variant, resolved, t, text, step: 0, question: 0, outcome: null };
  begin(view);
  return view;
}
