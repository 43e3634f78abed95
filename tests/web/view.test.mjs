// The widget's renderer, its navigation and adoption, under node on linkedom's DOM (as
// web/prerender.mjs runs them), from what the core resolved (its node build, as prerender.mjs
// loads it): what the pre-renderer writes is what the widget renders; the form is a real form
// that posts to the collector; adoption pairs the page's nodes with a fresh render and refuses
// another campaign's markup; the steps and the quiz move as they should.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { document } = parseHTML('<!doctype html><html><body></body></html>');
globalThis.document = document;

const { renderView } = await import('../../web/src/view.js');
const { adopt, remap } = await import('../../web/src/adopt.js');
const flow = await import('../../web/src/flow.js');
const { fieldValue, formAction, markKnown } = await import('../../web/src/form.js');
const { renderTemplate, resolve, serialize } = await import('../../web/prerender.mjs');

const text = (name) => readFileSync(path.join(root, 'demo/campaigns', name), 'utf8');
const seed = JSON.parse(text('seed-b2b.json'));
const fitness = JSON.parse(text('fitness.json'));
// What the core resolved for each: the widget renders from this, never from defaults of its own.
const R = { seed: await resolve(text('seed-b2b.json')), fitness: await resolve(text('fitness.json')),
  guide: await resolve(text('fitness.json'), 'guide') };
const visible = (el) => !el.closest('[hidden]');

/** A node's tags, attributes (in any order) and texts, to compare two trees. */
const shape = (node) => (node.nodeType === 3 ? node.data : [node.localName,
  Object.fromEntries([...node.attributes].map((a) => [a.name, a.value]).sort()), [...node.childNodes].map(shape)]);

/** Parses pre-rendered template content back into a DOM tree, as a browser would. */
function parseTemplate(html) {
  const inner = html.replace(/^<template shadowrootmode="open">/, '').replace(/<\/template>$/, '');
  const { document: page } = parseHTML(`<!doctype html><html><body><div id="host">${inner}</div></body></html>`);
  return page.getElementById('host');
}

describe('renderer', () => {
  test('the form posts to the collector beside the endpoint, with every control named', () => {
    const view = renderView(seed, R.seed, { locale: 'it' });
    const form = view.ui.form;
    assert.equal(form.getAttribute('method'), 'post');
    assert.equal(form.getAttribute('action'), '/v1/forms/seed-b2b');
    const names = [...form.querySelectorAll('input, select, textarea')].map((c) => c.getAttribute('name'));
    assert.deepEqual(names, ['mg_version', 'mg_locale', 'mg_variant', 'mg_hp', 'email', 'first_name', 'job_title',
      'sector', 'company_size', 'age', 'consent:privacy', 'consent:marketing']);
    assert.deepEqual([...form.querySelectorAll('input[type=hidden]')].map((i) => [i.name, i.value]),
      [['mg_version', '1'], ['mg_locale', 'it'], ['mg_variant', '']]);
    for (const line of form.querySelectorAll('.mg-error')) assert.ok(line.getAttribute('data-for'), 'every error line names its control');
  });

  test('the action follows the core\'s delivery: absolute, relative, or none for a vendor format', () => {
    assert.equal(formAction({ url: 'https://leads.example.com/v1/leads', format: 'magnete-v1' }, 'a b'), 'https://leads.example.com/v1/forms/a%20b');
    assert.equal(formAction({ url: '/collector/v1/leads', format: 'magnete-v1' }, 'x'), '/collector/v1/forms/x');
    assert.equal(formAction({ url: 'https://api.hsforms.com/submissions/v3/integration/submit/1/2', format: 'hubspot' }, 'x'), null);
    assert.equal(formAction(null, 'x'), null);
  });

  test('a quiz campaign: one form, the quiz before the fields, the first question shown', () => {
    const view = renderView(fitness, R.fitness, { locale: 'it' });
    assert.equal(view.quiz.root.parentNode, view.ui.form);
    assert.equal(view.ui.section.hidden, true);
    assert.deepEqual(view.quiz.questions.map((q) => visible(q.fieldset)), [true, false, false, false]);
    const answers = [...view.ui.form.querySelectorAll('input[type=radio], input[type=checkbox]')]
      .filter((i) => i.name.startsWith('quiz:')).map((i) => i.name);
    assert.ok(answers.length > 4 && answers.every((n) => /^quiz:[a-z_]+$/.test(n)), answers.join());
  });

  test('the pre-renderer writes what the widget renders, in one fixed form', async () => {
    const html = renderTemplate(seed, R.seed, { locale: 'it' });
    const fresh = renderView(seed, R.seed, { locale: 'it' });
    assert.equal(html, `<template shadowrootmode="open"><link rel="stylesheet" href="/dist/magnete.css">${serialize(fresh.root, true)}</template>`);
    assert.equal(renderTemplate(seed, R.seed, { locale: 'it' }), html, 'deterministic');
    assert.ok(!/<script|style="/.test(html));
    // For a page, lean: no hidden empty element (error lines, suggestions), which paints nothing.
    assert.ok(!/<p [^>]*class="mg-(error|suggestion)"/.test(html), 'no error line in a page\'s markup');
    const lean = parseTemplate(html);
    assert.equal(lean.querySelectorAll('*').length, 49);
    // aria-describedby names only what is there (the help line), so that no reference dangles.
    const described = [...lean.querySelectorAll('[aria-describedby]')].map((e) => e.getAttribute('aria-describedby'));
    assert.deepEqual(described, ['mg-job_title-help']);
    // For the collector's forms (--forms), every element: it writes its messages into the error lines.
    const form = renderTemplate(seed, R.seed, { locale: 'it', placeholders: true });
    assert.equal(form, `<template shadowrootmode="open"><link rel="stylesheet" href="/dist/magnete.css">${serialize(fresh.root)}</template>`);
    assert.match(form, /<p hidden="" id="mg-email-error" data-for="email" class="mg-error"><\/p>/);
    // Campaign text is text, never markup.
    const hostile = { ...seed, title: { it: '<img src=x onerror=alert(1)>' } };
    assert.ok(renderTemplate(hostile, await resolve(JSON.stringify(hostile)), { locale: 'it' })
      .includes('&lt;img src=x onerror=alert(1)&gt;'));
  });

  test('an unknown variant is a campaign error of the core', async () => {
    const refused = await resolve(text('fitness.json'), 'nope');
    assert.equal(refused.ok, false);
    assert.deepEqual(refused.errors.map((e) => `${e.path}: ${e.message}`), ['variant: unknown variant "nope"; variants: "plan", "guide"']);
  });

  test('the steps, the required consents and the variant\'s texts are the core\'s', async () => {
    // No "steps" in the file: the core's default, one page of every visible field.
    const view = renderView(seed, R.seed, { locale: 'it' });
    assert.deepEqual(view.ui.stepFields, [['email', 'first_name', 'job_title', 'sector', 'company_size', 'age']]);
    assert.equal(view.ui.consents.get('privacy').input.getAttribute('aria-required'), 'true');
    assert.equal(view.ui.consents.get('marketing').input.getAttribute('aria-required'), null);
    const guide = renderView(fitness, R.guide, { locale: 'en' });
    assert.equal(guide.ui.submit.textContent, 'Get the guide and the plan');
    assert.equal(guide.root.getAttribute('data-variant'), 'guide');
    // The file's own text, which the core replaced for this variant, is not what shows.
    assert.notEqual(renderView(fitness, R.fitness, { locale: 'en' }).ui.submit.textContent, 'Get the guide and the plan');
  });
});

describe('adoption', () => {
  test('pre-rendered markup is adopted node for node: only what the lean markup left out to set when campaign, locale and variant match', () => {
    const page = parseTemplate(renderTemplate(seed, R.seed, { locale: 'it' }));
    const existing = page.querySelector('.mg-root');
    const view = renderView(seed, R.seed, { locale: 'it' });
    const result = adopt(view.root, existing);
    assert.equal(result.patched, 8, 'aria-describedby of each field and consent, naming its error line again');
    remap(view, result.pairs);
    assert.equal(view.root, existing);
    assert.equal(view.ui.fields.get('email').control, existing.querySelector('input[name=email]'));
    // The error lines and suggestions the lean markup left out are put in, at their place.
    assert.equal(result.inserted, 16);
    assert.deepEqual(shape(existing), shape(renderView(seed, R.seed, { locale: 'it' }).root), 'the page\'s form is now the whole view');
    assert.equal(existing.querySelector('#mg-email-error').previousSibling.getAttribute('class'), 'mg-suggestion');
    assert.equal(view.ui.consents.get('privacy').input, existing.querySelector('input[name="consent:privacy"]'));
    assert.equal(view.ui.steps[0], existing.querySelector('fieldset'));
  });

  test('markup with every element (a form of the collector\'s, an older page) is adopted as well', () => {
    const page = parseTemplate(renderTemplate(seed, R.seed, { locale: 'it', placeholders: true }));
    const existing = page.querySelector('.mg-root');
    const result = adopt(renderView(seed, R.seed, { locale: 'it' }).root, existing);
    assert.deepEqual([result.patched, result.inserted], [0, 0]);
  });

  test('another variant or locale: the texts are set in place, the nodes kept', () => {
    const page = parseTemplate(renderTemplate(fitness, R.fitness, { locale: 'it' }));
    const existing = page.querySelector('.mg-root');
    const submit = existing.querySelector('.mg-submit');
    const view = renderView(fitness, R.guide, { locale: 'it' });
    const result = adopt(view.root, existing);
    assert.ok(result.patched >= 3, `texts and attributes set: ${result.patched}`); // the label, data-variant, mg_variant
    assert.equal(existing.querySelector('.mg-submit'), submit);
    assert.equal(submit.textContent, 'Scarica la guida e il piano');
    assert.equal(existing.getAttribute('data-variant'), 'guide');
    assert.equal(existing.querySelector('input[name=mg_variant]').getAttribute('value'), 'guide');
  });

  test('another campaign\'s markup is refused, and left as it was', () => {
    const page = parseTemplate(renderTemplate(seed, R.seed, { locale: 'it' }));
    const existing = page.querySelector('.mg-root');
    const before = existing.outerHTML;
    assert.equal(adopt(renderView(fitness, R.fitness, { locale: 'it' }).root, existing), null);
    assert.equal(existing.outerHTML, before);
  });

  test('remap replaces the nodes held in objects, arrays and maps', () => {
    const a = document.createElement('p');
    const b = document.createElement('p');
    const held = { one: a, list: [a, 1], map: new Map([['k', { node: a }]]), text: 'a' };
    remap(held, new Map([[a, b]]));
    assert.equal(held.one, b);
    assert.equal(held.list[0], b);
    assert.equal(held.map.get('k').node, b);
    assert.equal(held.text, 'a');
  });
});

describe('flow', () => {
  const steps = (view) => view.ui.steps.map((s) => !s.hidden);

  test('steps: next, back, the buttons and "Passo n di m"', () => {
    const view = renderView(fitness, R.fitness, { locale: 'it' });
    flow.showForm(view);
    assert.deepEqual(steps(view), [true, false]);
    assert.equal(view.ui.progress.textContent, 'Passo 1 di 2');
    assert.deepEqual([view.ui.back.hidden, view.ui.next.hidden, view.ui.submit.hidden], [false, false, true]);
    flow.showStep(view, flow.nextStep(view, view.step, 1), false);
    assert.deepEqual(steps(view), [false, true]);
    assert.equal(view.ui.progress.textContent, 'Passo 2 di 2');
    assert.deepEqual([view.ui.next.hidden, view.ui.submit.hidden], [true, false]);
    flow.back(view);
    assert.deepEqual(steps(view), [true, false]);
    flow.back(view); // before the first step: the quiz's last question
    assert.equal(view.ui.section.hidden, true);
    assert.equal(view.question, view.quiz.questions.length - 1);
  });

  test('a step whose fields are all known is skipped; the last one never is', () => {
    const view = renderView(fitness, R.fitness, { locale: 'it' });
    const notYou = markKnown(view.ui, new Set(['email', 'first_name']), view.t);
    assert.equal(notYou.textContent, 'Non sei tu? Ricomincia');
    flow.showForm(view);
    assert.deepEqual(steps(view), [false, true]);
    assert.equal(view.ui.progress.hidden, true, 'one step left: no "step 1 of 1"');
    assert.equal(view.ui.fields.get('email').control.closest('.mg-field').hidden, true);
    const all = renderView(fitness, R.fitness, { locale: 'it' });
    markKnown(all.ui, new Set(['email', 'first_name', 'age', 'city', 'smartphone']), all.t);
    flow.showForm(all);
    assert.deepEqual(steps(all), [false, true], 'the consents are on the last step');
  });

  test('the quiz: question n of m, the bar, back hidden on the first', () => {
    const view = renderView(fitness, R.fitness, { locale: 'it' });
    flow.showQuestion(view, 2, false);
    assert.equal(view.quiz.progressText.textContent, `Domanda 3 di ${view.quiz.questions.length}`);
    assert.equal(view.quiz.progress.getAttribute('value'), '2');
    assert.equal(view.quiz.back.hidden, false);
    flow.showQuestion(view, -5, false);
    assert.equal(view.question, 0);
    assert.equal(view.quiz.back.hidden, true);
  });

  test('the values a field gives the core: text, a choice, a list, a boolean', () => {
    const view = renderView(fitness, R.fitness, { locale: 'it' });
    const email = view.ui.fields.get('email');
    email.control.value = 'a@b.it';
    assert.equal(fieldValue(email), 'a@b.it');
    assert.equal(fieldValue(view.ui.fields.get('smartphone')), '');
  });
});

describe('web/prerender.mjs', () => {
  const run = (...args) => spawnSync(process.execPath, [path.join(root, 'web/prerender.mjs'), ...args], { cwd: root, encoding: 'utf8' });

  test('prints the element for a campaign, locale and variant', () => {
    const out = run('demo/campaigns/fitness.json', '--locale', 'en', '--variant', 'guide', '--campaign-url', '/c/fitness.json');
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /^<magnete-widget campaign="\/c\/fitness.json"><template shadowrootmode="open"><link rel="stylesheet" href="\/dist\/magnete.css"><div [^>]*lang="en"/);
    assert.ok(out.stdout.includes('Get the guide and the plan'));
  });

  test('an invalid campaign is refused with its errors, by JSON path', () => {
    const out = run('tests/fixtures/invalid-campaign/campaign.json');
    assert.equal(out.status, 1);
    assert.match(out.stderr, /invalid-campaign\/campaign.json: \S+: /);
    assert.equal(out.stdout, '');
  });

  test('--site fills every widget of a site, preloads the stylesheet, and leaves pre-rendered pages alone', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'magnete-site-'));
    const again = mkdtempSync(path.join(tmpdir(), 'magnete-site-'));
    try {
      const first = run('--site', 'demo', '--out', out);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stderr, /2 page\(s\) of demo pre-rendered/);
      const page = readFileSync(path.join(out, 'fitness/index.html'), 'utf8');
      assert.match(page, /<magnete-widget id="quiz" campaign="\/campaigns\/fitness.json"><template shadowrootmode="open">/);
      assert.ok(page.includes('<p slot="fallback">'), 'the element keeps its own content');
      assert.equal(page.match(/<link rel="preload" href="\/dist\/magnete.css" as="style">/g).length, 1);
      assert.ok(page.indexOf('rel="preload" href="/dist/magnete.css"') < page.indexOf('</head>'));
      const second = run('--site', out, '--out', again);
      assert.equal(second.status, 0, second.stderr);
      assert.equal(readFileSync(path.join(again, 'fitness/index.html'), 'utf8'), page);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(again, { recursive: true, force: true });
    }
  });

  test('bad usage says how', () => {
    const out = run('--locale');
    assert.equal(out.status, 2);
    assert.match(out.stderr, /--locale needs a value\nusage:/);
  });
});
