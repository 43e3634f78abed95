// The widget's markup for one campaign, locale and variant: the form (with the quiz before its
// fields, in the same <form>) and the offers, in their first state. The one renderer: the
// widget calls it in the browser, web/prerender.mjs under node to pre-render the same markup,
// which the widget then adopts (adopt.js) instead of rendering again.
import { h } from './dom.js';
import { begin } from './flow.js';
import { renderForm } from './form.js';
import { pick, translator } from './i18n.js';
import { renderQuiz } from './quiz.js';

/**
 * Renders `campaign` (already as its variant shows it) in `locale`. Returns the view: {root,
 * ui (form.js), quiz (quiz.js) or null, offers, locale, variant, t, text} with the first
 * question or step shown.
 */
export function renderView(campaign, options) {
  const steps = viewSteps(campaign, options);
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
export function* viewSteps(campaign, { locale, variant = '', strings = {} }) {
  const t = translator(locale, strings);
  const fallback = campaign.default_locale || 'en';
  const text = (value) => pick(value, locale, fallback);
  const ui = renderForm(campaign, text, t, { mg_version: campaign.version, mg_locale: locale, mg_variant: variant });
  yield;
  const quiz = campaign.quiz?.questions?.length ? renderQuiz(campaign.quiz, text, t, text(campaign.title)) : null;
  if (quiz) ui.form.insertBefore(quiz.root, ui.section);
  const offers = h('div', { class: 'mg-offers' });
  const root = h('div', { class: 'mg-root', lang: locale, 'data-variant': variant, part: 'root' }, ui.form, offers);
  const view = { root, ui, quiz, offers, locale, variant, t, text, step: 0, question: 0, outcome: null };
  begin(view);
  return view;
}
