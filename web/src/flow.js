// Where the visitor is in a mounted campaign: the quiz's questions one at a time, then the
// form's steps (progressive profiling skips the steps whose fields are all known). Only the
// view's state changes here (hidden, texts, focus); the core checks every answer and value.
// The pre-renderer (web/prerender.mjs) calls begin() too, so its markup is the first view.
import { setText } from './dom.js';

/** The first view: the first question of a quiz, else the first step that asks something. */
export function begin(view) {
  if (view.quiz) {
    view.ui.section.hidden = true;
    showQuestion(view, 0, false);
  } else {
    showStep(view, -1, false);
  }
}

/** Shows question `index` (clamped), with the progress bar and its text. */
export function showQuestion(view, index, focus = true) {
  const { quiz, t } = view;
  view.question = Math.max(0, Math.min(index, quiz.questions.length - 1));
  quiz.root.hidden = false;
  view.ui.section.hidden = true;
  quiz.questions.forEach((q, i) => { q.fieldset.hidden = i !== view.question; });
  quiz.progress.setAttribute('value', view.question);
  setText(quiz.progressText, t('question', { n: view.question + 1, total: quiz.questions.length }));
  quiz.back.hidden = view.question === 0;
  if (focus) quiz.questions[view.question].legend.focus();
}

/**
 * After the last question: the form, with the outcome card before it (gate "none") or a line
 * saying the result is ready once the form is sent (gate "before_result").
 */
export function showForm(view, { outcome = null, gated = false } = {}) {
  const { ui, quiz, t } = view;
  quiz.root.hidden = true;
  ui.section.hidden = false;
  view.outcome?.remove();
  view.outcome = outcome;
  if (outcome) ui.form.insertBefore(outcome, ui.section);
  setText(ui.intro, gated ? t('result_ready') : '');
  ui.intro.hidden = !gated;
  showStep(view, -1);
}

/** The next step from `from` in `direction` that still asks something; -1 when none is before. */
export function nextStep(view, from, direction) {
  const { steps } = view.ui;
  for (let i = from + direction; i >= 0 && i < steps.length; i += direction) {
    if (!steps[i].dataset.known) return i;
  }
  return direction > 0 ? steps.length - 1 : -1;
}

/** Shows step `index` (the first asking step when negative), its buttons and "Step n of m". */
export function showStep(view, index, focus = true) {
  const { steps, back, next, submit, progress } = view.ui;
  if (index < 0) index = nextStep(view, -1, 1);
  view.step = Math.max(0, Math.min(index, steps.length - 1));
  steps.forEach((fieldset, i) => { fieldset.hidden = i !== view.step; });
  const asking = steps.map((s, i) => (!s.dataset.known || i === steps.length - 1 ? i : -1)).filter((i) => i >= 0);
  const position = asking.indexOf(view.step);
  const last = view.step === steps.length - 1;
  back.hidden = position <= 0 && !view.quiz;
  next.hidden = last;
  submit.hidden = !last;
  progress.hidden = asking.length < 2;
  setText(progress, asking.length < 2 ? '' : view.t('step', { n: position + 1, total: asking.length }));
  if (focus) steps[view.step].querySelector('input:not([type=hidden]), select, textarea')?.focus();
}

/** Back from the form's first asking step: to the quiz's last question, when there is a quiz. */
export function back(view) {
  const previous = nextStep(view, view.step, -1);
  if (previous < 0 && view.quiz) showQuestion(view, view.quiz.questions.length - 1);
  else showStep(view, previous);
}

/**
 * After the core's verdict on the shown question (`ok`): the next question, else the form, with
 * the outcome card first (`outcome()`, for the core's gate "none") or a line saying the result
 * comes once the form is sent (gate "before_result"); a refused answer keeps the question.
 */
export function answered(view, ok, outcome) {
  const { quiz } = view;
  if (!ok) {
    quiz.questions[view.question].fieldset.querySelector('input')?.focus();
  } else if (view.question < quiz.questions.length - 1) {
    showQuestion(view, view.question + 1);
  } else {
    const gated = view.resolved.quiz.gate === 'before_result';
    showForm(view, { outcome: gated ? null : outcome(), gated });
  }
}
