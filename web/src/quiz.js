// Renders the campaign's quiz: one question at a time, native radio buttons or checkboxes in
// a fieldset (keyboard-complete by construction), with a progress bar. Rendering only: the
// core checks the answers and computes points and outcome.
import { h, setText } from './dom.js';
import { button, errorLine, option, progressLine, title as heading } from './form.js';

/**
 * Builds the quiz view. Returns {root, questions: [{question, fieldset, legend, error,
 * control, get()}], progress, progressText, back, next}.
 */
export function renderQuiz(quiz, text, t, prefix, title = '') {
  const progress = h('progress', { class: 'mg-bar', max: quiz.questions.length, value: 0,
    'aria-hidden': 'true' });
  const progressText = progressLine();
  const questions = quiz.questions.map((question, qi) => {
    const id = `${prefix}-q${qi}`;
    const errorId = `${id}-error`;
    const type = question.type === 'multiple' ? 'checkbox' : 'radio';
    const legend = h('legend', { class: 'mg-question', tabindex: '-1' }, text(question.text));
    const error = errorLine(errorId);
    const fieldset = h('fieldset', { class: 'mg-group mg-step', 'aria-describedby': errorId,
      'data-question': question.id }, legend,
    (question.answers || []).map((answer, ai) => option(
      h('input', { type, id: `${id}-a${ai}`, name: id, value: answer.id, 'aria-describedby': errorId }),
      text(answer.text))),
    error);
    const get = () => [...fieldset.querySelectorAll('input:checked')].map((i) => i.value);
    return { question, fieldset, legend, error, control: fieldset, get };
  });
  const back = button('mg-back', t('back'));
  const next = button('mg-next', t('next'));
  const root = h('div', { class: 'mg-quiz', part: 'quiz' }, title ? heading(title) : null, progressText,
    progress, questions.map((q) => q.fieldset), h('div', { class: 'mg-actions' }, back, next));
  return { root, questions, progress, progressText, back, next };
}

/** Shows question `index`, updating the progress bar and its text. */
export function showQuestion(view, index, t) {
  view.questions.forEach((q, i) => { q.fieldset.hidden = i !== index; });
  view.progress.value = index;
  setText(view.progressText, t('question', { n: index + 1, total: view.questions.length }));
  view.back.hidden = index === 0;
}

/** The outcome card: title and body from the campaign. */
export function renderOutcome(outcome, text, t) {
  return h('section', { class: 'mg-outcome', part: 'outcome', 'aria-labelledby': 'mg-outcome-title' },
    h('p', { class: 'mg-eyebrow' }, t('your_result')),
    h('h2', { id: 'mg-outcome-title' }, text(outcome.title)),
    outcome.body ? h('p', {}, text(outcome.body)) : null);
}
