// Renders the campaign's quiz: one question at a time, native radio buttons or checkboxes in
// a fieldset (keyboard-complete by construction), with a progress bar. Rendering only: the
// core checks the answers and computes points and outcome. Answers are named "quiz:<question
// id>" with the answer's id as value, so the pre-rendered quiz posts without script too.
import { h } from './dom.js';
import { button, errorLine, option, progressLine, title as heading } from './form.js';

/**
 * Builds the quiz view. Returns {root, questions: [{question, fieldset, legend, error,
 * control}], progress, progressText, back, next}.
 */
export function renderQuiz(quiz, text, t, title = '') {
  const progress = h('progress', { class: 'mg-bar', max: quiz.questions.length, value: 0,
    'aria-hidden': 'true' });
  const progressText = progressLine();
  const questions = quiz.questions.map((question, qi) => {
    const id = `mg-q${qi}`;
    const name = `quiz:${question.id}`;
    const errorId = `${id}-error`;
    const type = question.type === 'multiple' ? 'checkbox' : 'radio';
    const legend = h('legend', { class: 'mg-question', tabindex: '-1' }, text(question.text));
    const error = errorLine(errorId, name);
    const fieldset = h('fieldset', { class: 'mg-group mg-step', 'aria-describedby': errorId,
      'data-question': question.id }, legend,
    (question.answers || []).map((answer, ai) => option(
      h('input', { type, id: `${id}-a${ai}`, name, value: answer.id, 'aria-describedby': errorId }),
      text(answer.text))),
    error);
    return { question, fieldset, legend, error, control: fieldset };
  });
  const back = button('mg-back', t('back'));
  const next = button('mg-next', t('next'));
  const root = h('div', { class: 'mg-quiz', part: 'quiz' }, title ? heading(title) : null, progressText,
    progress, questions.map((q) => q.fieldset), h('div', { class: 'mg-actions' }, back, next));
  return { root, questions, progress, progressText, back, next };
}

/** The answer ids ticked for a question. */
export const answersOf = (entry) => [...entry.fieldset.querySelectorAll('input:checked')].map((i) => i.value);

/** The outcome card: title and body from the campaign. */
export function renderOutcome(outcome, text, t) {
  return h('section', { class: 'mg-outcome', part: 'outcome', 'aria-labelledby': 'mg-outcome-title' },
    h('p', { class: 'mg-eyebrow' }, t('your_result')),
    h('h2', { id: 'mg-outcome-title' }, text(outcome.title)),
    outcome.body ? h('p', {}, text(outcome.body)) : null);
}
