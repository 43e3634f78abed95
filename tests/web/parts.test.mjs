// The widget's parts, under node on linkedom's DOM, with the real core (the node module, the
// full core the browser's lean one agrees with): the visitor's record (visitor.js), the checks of
// values (checks.js), interactions and the assessment's events (activity.js), the triggers'
// offers (offers.js) and the submission (submission.js). The coordinator (controller.js) only
// wires them; the end-to-end tests drive it in Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, beforeEach, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';

import { loadCore, root } from '../wasm/core.mjs';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
globalThis.document = document;
// localStorage as the browser has it: what the parts write, read back here.
const stored = new Map();
const localStorage = {
  getItem: (k) => (stored.has(k) ? stored.get(k) : null),
  setItem: (k, v) => stored.set(k, String(v)),
  removeItem: (k) => stored.delete(k),
  key: (i) => [...stored.keys()][i] ?? null,
  get length() { return stored.size; },
};
globalThis.window = { localStorage, sessionStorage: localStorage };

const { Engine } = await import('../../web/src/engine.js');
const { renderView } = await import('../../web/src/view.js');
const { VisitorRecord } = await import('../../web/src/visitor.js');
const { FieldChecks } = await import('../../web/src/checks.js');
const { Activity } = await import('../../web/src/activity.js');
const { Offers } = await import('../../web/src/offers.js');
const { Submission } = await import('../../web/src/submission.js');

const text = (name) => readFileSync(path.join(root, 'demo/campaigns', name), 'utf8');
const landing = { page_url: 'https://site.example/ebook/?utm_source=news', referrer: '', utm: { source: 'news' } };
const doc = { baseURI: 'https://site.example/ebook/', title: 'Ebook', querySelectorAll: () => [] };

let core;
before(async () => {
  core = await loadCore();
});
beforeEach(() => stored.clear());

/** A widget's parts for a campaign, as controller.js puts them together, with a fake outbox. */
function parts(name, variant = '', source = text(name)) {
  const campaign = JSON.parse(source);
  const engine = new Engine(core, source, variant);
  assert.equal(engine.ok, true, JSON.stringify(engine.status));
  const view = renderView(campaign, engine.status, { locale: 'it' });
  const fired = [];
  const sent = [];
  const outbox = {
    persisted: false,
    listeners: new Map(),
    persist() { this.persisted = true; },
    add(item) { sent.push(item); },
    watch(id, listener) { this.listeners.set(id, listener); },
    has: () => false,
    // The endpoint answers 201 at once.
    flush() {
      for (const item of sent) this.listeners.get(item.id)?.delivered(item, { ok: true, status: 201, body: { ok: true } });
      return Promise.resolve();
    },
  };
  const visitor = new VisitorRecord(engine.status.campaign.id, landing, Date.parse('2026-11-22T09:00:00Z'));
  const c = { view, engine, campaign, locale: 'it', doc, visitor, outbox, startedAt: Date.now() - 5000,
    touch: () => landing, fire: (type, detail) => fired.push({ type, detail }),
    record: (event) => c.activity.record(event), update: () => c.activity.update(), fail: (errors) => fired.push({ type: 'fail', errors }) };
  c.offers = new Offers(c);
  c.activity = new Activity(c);
  c.checks = new FieldChecks(c, visitor.known());
  c.submission = new Submission(c);
  return { ...c, fired, sent };
}

const tick = (c, id) => {
  const entry = c.view.ui.consents.get(id);
  entry.input.checked = true;
  c.activity.consent(entry);
};
const type = (c, name, value) => {
  c.view.ui.fields.get(name).control.value = value;
  return c.checks.field(name);
};

describe('checks.js: the core\'s verdict on each value, shown', () => {
  test('a typo gets the core\'s suggestion, which fixes it in one click', () => {
    const c = parts('seed-b2b.json');
    assert.equal(type(c, 'email', 'mario@gmial.com'), true);
    const entry = c.view.ui.fields.get('email');
    assert.equal(entry.suggestion.hidden, false);
    const fix = entry.suggestion.querySelector('button');
    assert.equal(fix.textContent, 'Usa mario@gmail.com');
    fix.dispatchEvent(new document.defaultView.Event('click'));
    assert.equal(entry.control.value, 'mario@gmail.com');
    assert.equal(entry.suggestion.hidden, true);
  });

  test('an invalid value: the core\'s message beside it, the control marked, the step refused', () => {
    const c = parts('seed-b2b.json');
    assert.equal(type(c, 'email', 'mario@'), false);
    const entry = c.view.ui.fields.get('email');
    assert.equal(entry.error.hidden, false);
    assert.match(entry.error.textContent, /email/i);
    assert.equal(entry.control.getAttribute('aria-invalid'), 'true');
    assert.equal(c.checks.step(0), false);
    type(c, 'email', 'mario@example.it');
    assert.equal(entry.error.hidden, true);
    assert.equal(entry.control.getAttribute('aria-invalid'), null);
    assert.equal(c.checks.step(0), true);
  });

  test('hidden fields take the host\'s values, else the page URL\'s; only hidden fields', () => {
    const campaign = JSON.parse(text('seed-b2b.json'));
    campaign.fields.push({ name: 'lead_source', type: 'hidden' });
    const c = parts('', '', JSON.stringify(campaign));
    const hidden = ['lead_source'];
    c.checks.fillHidden({}, new URLSearchParams(`${hidden[0]}=newsletter`));
    assert.equal(c.view.ui.fields.get(hidden[0]).control.value, 'newsletter');
    c.checks.fillHidden({ [hidden[0]]: 'crm' }, new URLSearchParams(`${hidden[0]}=newsletter`));
    assert.equal(c.view.ui.fields.get(hidden[0]).control.value, 'crm');
    assert.equal(c.checks.setHidden('email', 'x@y.it'), false, 'not a hidden field');
    assert.equal(c.checks.setHidden('nope', 'x'), false);
  });
});

describe('visitor.js: the visitor\'s record, kept only after consent', () => {
  test('nothing is stored before the required consent; after it, the record with its first touch', () => {
    const c = parts('seed-b2b.json');
    type(c, 'email', 'mario@example.it');
    c.activity.record({ type: 'page_view', at: '2026-11-22T09:00:01Z', value: '/ebook/' });
    assert.equal(stored.size, 0, 'memory only');
    tick(c, 'privacy');
    const record = JSON.parse(stored.get('magnete:v1:seed-b2b'));
    assert.equal(record.first_touch.landing_page, landing.page_url);
    assert.equal(record.visits, 1);
    assert.equal(record.events.length, 1);
    assert.equal(record.consents[0].id, 'privacy');
    assert.equal(c.outbox.persisted, true, 'the outbox is kept too');
    type(c, 'first_name', 'Mario');
    assert.equal(JSON.parse(stored.get('magnete:v1:seed-b2b')).contact.first_name, 'Mario');
  });

  test('a returning visitor: known fields, consents of the same version and past events go back to the core', () => {
    const first = parts('seed-b2b.json');
    type(first, 'email', 'mario@example.it');
    tick(first, 'privacy');
    first.checks.step(0); // values given before consent are kept once it is granted (at submit)
    type(first, 'age', '40');
    first.activity.record({ type: 'webinar_attended', at: '2026-11-22T09:00:02Z' });
    const again = parts('seed-b2b.json');
    assert.deepEqual([...again.visitor.known()].sort(), ['age', 'email']);
    again.visitor.restore(again.engine, again.view.ui.consents, 'it');
    assert.equal(again.view.ui.consents.get('privacy').input.checked, true);
    const { assessment } = again.engine.assess(new Date('2026-11-22T09:05:00Z'));
    assert.equal(assessment.score, 25, 'age 40 (15) and the webinar of the first visit (10)');
    assert.equal(assessment.breakdown.find((r) => r.rule === 'webinar_attended').count, 1);
    assert.equal(JSON.parse(stored.get('magnete:v1:seed-b2b')).visits, 2);
    again.visitor.forget();
    assert.equal(stored.has('magnete:v1:seed-b2b'), false);
  });

  test('the variant: the pre-rendered one when offered, else a sticky draw among the core\'s', () => {
    const c = parts('fitness.json');
    const { variants } = c.engine.status;
    assert.equal(c.visitor.variant(variants, 'guide'), 'guide');
    assert.equal(c.visitor.variant(variants, ''), 'guide', 'sticky');
    assert.equal(c.visitor.variant(variants, 'nope'), 'guide', 'a variant the core does not offer is not shown');
  });
});

describe('activity.js: the core\'s assessment and its events', () => {
  test('magnete:score on each change of score or stage, magnete:qualified once, at the core\'s qualifying stage', () => {
    const c = parts('seed-b2b.json');
    assert.equal(c.engine.status.qualifying_stage, 'mql');
    type(c, 'email', 'mario@example.it');
    tick(c, 'privacy');
    assert.equal(c.activity.assessment.stage, 'lead');
    assert.equal(c.fired.filter((e) => e.type === 'qualified').length, 0, 'a lead is not qualified');
    type(c, 'age', '45'); // 20
    type(c, 'company_size', '80'); // 23
    type(c, 'job_title', 'Titolare'); // 25: mql
    const qualified = c.fired.filter((e) => e.type === 'qualified');
    assert.deepEqual(qualified.map((e) => e.detail), [{ stage: 'mql', previous: 'lead' }]);
    type(c, 'first_name', 'Mario'); // still mql: no second event
    assert.equal(c.fired.filter((e) => e.type === 'qualified').length, 1);
    assert.ok(c.fired.filter((e) => e.type === 'score').length >= 3);
  });

  test('past 200 interactions on a page, only those a lead needs are scored', () => {
    const c = parts('seed-b2b.json');
    for (let i = 0; i < 250; i++) c.activity.record({ type: 'page_view', at: '2026-11-22T09:00:01Z', value: '/' });
    c.activity.record({ type: 'download', at: '2026-11-22T09:00:02Z', value: '/ebook.pdf' });
    const { breakdown } = c.engine.assess(new Date('2026-11-22T09:05:00Z')).assessment;
    assert.equal(breakdown.find((r) => r.rule === 'website_visit').count, 200);
    assert.equal(breakdown.find((r) => r.rule === 'guide_download').count, 1);
  });
});

describe('offers.js: what the core\'s triggers show', () => {
  test('an active trigger\'s offer shows once, with magnete:offer; its link is an interaction', () => {
    const c = parts('fitness.json');
    c.offers.apply(['launch_offer']);
    c.offers.apply(['launch_offer']);
    const cards = c.view.offers.querySelectorAll('.mg-offer');
    assert.equal(cards.length, 1);
    assert.equal(cards[0].querySelector('h2').textContent, "Accesso anticipato all'app");
    assert.deepEqual(c.fired.filter((e) => e.type === 'offer').map((e) => e.detail), [{ trigger: 'launch_offer' }]);
    assert.equal(c.offers.outcome('nope'), null);
  });
});

describe('submission.js: the core\'s ready request, into the outbox', () => {
  test('without the required consent the core refuses (consent_required): said beside the box, nothing sent', async () => {
    const c = parts('seed-b2b.json');
    type(c, 'email', 'mario@example.it');
    assert.equal(await c.submission.send(), 'consent');
    const privacy = c.view.ui.consents.get('privacy');
    assert.equal(privacy.error.hidden, false);
    assert.equal(privacy.error.textContent, 'Per continuare devi accettare.');
    assert.equal(c.view.ui.consents.get('marketing').error.hidden, true, 'an optional consent is not asked for');
    assert.equal(c.sent.length, 0);
  });

  test('an invalid field first: the step shown with its errors, nothing sent', async () => {
    const c = parts('seed-b2b.json');
    type(c, 'email', 'mario@');
    assert.equal(await c.submission.send(), 'invalid');
    assert.equal(c.view.ui.status.textContent, 'Controlla i campi evidenziati.');
    assert.equal(c.sent.length, 0);
  });

  test('with consent the request is the core\'s, sent as built; magnete:submit and the success view follow', async () => {
    const c = parts('seed-b2b.json');
    type(c, 'email', 'mario@example.it');
    tick(c, 'privacy');
    assert.equal(await c.submission.send(), 'delivered');
    assert.equal(c.sent.length, 1);
    const [item] = c.sent;
    assert.equal(item.url, 'https://site.example/v1/leads', 'the core\'s url, against the page');
    assert.equal(item.contentType, 'application/json');
    assert.equal(item.timeoutMs, 10000);
    assert.deepEqual(item.headers, {});
    const payload = JSON.parse(item.body);
    assert.equal(payload.id, item.id);
    assert.equal(payload.campaign.id, 'seed-b2b');
    assert.equal(payload.contact.email, 'mario@example.it');
    assert.equal(payload.attribution.landing_page, landing.page_url);
    assert.ok(payload.events.some((e) => e.type === 'form_submit'));
    const submit = c.fired.find((e) => e.type === 'submit');
    assert.equal(submit.detail.delivered, true);
    assert.deepEqual(submit.detail.payload, payload);
    assert.equal(c.view.root.querySelector('.mg-success p').textContent, 'Grazie! Il tuo ebook è pronto.');
  });

  test('the variant\'s success text, from the core, and the variant on the lead', async () => {
    const c = parts('fitness.json', 'guide');
    assert.equal(c.view.ui.submit.textContent, 'Scarica la guida e il piano');
    c.view.ui.steps.forEach((s, i) => { if (i < c.view.ui.steps.length - 1) s.dataset.known = '1'; });
    type(c, 'email', 'sara@example.it');
    tick(c, 'privacy');
    await c.submission.send();
    assert.equal(JSON.parse(c.sent[0].body).campaign.variant, 'guide');
  });
});
