// Renders the campaign's quiz: one question at a time, native radio buttons or checkboxes in
// a fieldset (keyboard-complete by construction), with a progress bar. Rendering only: the
// core checks the answers and computes points and outcome.
import { h, setText } from './dom.js';

/**
 * Builds the quiz view. Returns {root, questions: [{question, fieldset, error, get()}],
 * progress, progressText, back, next}.
 */
export function renderQuiz(quiz, text, t, prefix, title = '') {
  const questions = [];
  const progress = h('progress', { class: 'mg-bar', max: quiz.questions.length, value: 0,
    'aria-hidden': 'true' });
  const progressText = h('p', { class: 'mg-progress', 'aria-live': 'polite' });
  const root = h('div', { class: 'mg-quiz', part: 'quiz' },
    title ? h('h2', { class: 'mg-title', part: 'title' }, title) : null, progressText, progress);
  quiz.questions.forEach((question, qi) => {
    const id = `${prefix}-q${qi}`;
    const errorId = `${id}-error`;
    const type = question.type === 'multiple' ? 'checkbox' : 'radio';
    const inputs = (question.answers || []).map((answer, ai) => {
      const inputId = `${id}-a${ai}`;
      const input = h('input', { type, id: inputId, name: `${id}`, value: answer.id,
        'aria-describedby': errorId });
      return h('div', { class: 'mg-option' }, input, h('label', { for: inputId }, text(answer.text)));
    });
    const legend = h('legend', { class: 'mg-question', tabindex: '-1' }, text(question.text));
    const error = h('p', { class: 'mg-error', id: errorId, hidden: true });
    const fieldset = h('fieldset', { class: 'mg-group mg-step', 'aria-describedby': errorId,
      'data-question': question.id }, legend, inputs, error);
    root.append(fieldset);
    questions.push({
      question,
      fieldset,
      legend,
      error,
      control: fieldset,
      get: () => [...fieldset.querySelectorAll('input:checked')].map((i) => i.value),
    });
  });
  const back = h('button', { type: 'button', class: 'mg-back', part: 'button' }, t('back'));
  const next = h('button', { type: 'button', class: 'mg-next', part: 'button' }, t('next'));
  root.append(h('div', { class: 'mg-actions' }, back, next));
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
