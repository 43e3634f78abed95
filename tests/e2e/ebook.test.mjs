// The ebook landing page (demo/ebook/index.html) end to end: Debian's Chromium loads the page
// from a real collector, a person fills the widget's form by its labels, and the lead the
// collector stores is checked against what the widget showed and scored.
//
// Each test has its own collector (fresh data folder) and its own browser context; the
// browser process is shared by the file.
//
// Run: node --test tests/e2e/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  campaignsDir, launchBrowser, magneteEvents, newPage, requestsTo, startCollector, waitForMagneteEvent,
} from './harness.mjs';

const campaign = JSON.parse(readFileSync(path.join(campaignsDir, 'seed-b2b.json'), 'utf8'));
const PRIVACY_TEXT = campaign.consents.find((c) => c.id === 'privacy').text.it;
const PRIVACY_LABEL = /^Ho letto l'informativa privacy e acconsento/;
const SUBMIT = "Scarica l'ebook";
// The core's messages (src/core/contact/messages.cpp) and the widget's strings (web/src/i18n.js).
const EMAIL_INVALID_IT = 'Inserisci un indirizzo email valido, come nome@esempio.it.';
const CONSENT_REQUIRED_IT = 'Per continuare devi accettare.';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A fresh collector and a fresh browser context for one test, both closed after it. */
async function setup(t) {
  const collector = await startCollector();
  t.after(() => collector.stop());
  const { context, page } = await newPage(browser);
  t.after(() => context.close());
  page.setDefaultTimeout(10_000);
  t.after(() => {
    // Shown only when something went wrong, to make a failure readable.
    if (page.errors.length) t.diagnostic(`page errors:\n${page.errors.join('\n')}`);
    if (collector.stderr.trim()) t.diagnostic(`collector stderr:\n${collector.stderr.trim()}`);
  });
  return { collector, page };
}

/** Opens the ebook page and waits until the widget's core is ready (fails on magnete:error). */
async function openEbook(page, collector) {
  await page.goto(`${collector.url}/ebook/`);
  await page.waitForFunction(() => (window.__magneteEvents || []).some((e) => e.type === 'ready' || e.type === 'error'));
  const failed = await magneteEvents(page, 'error');
  assert.deepEqual(failed, [], 'the widget reported magnete:error while loading');
}

/** Runs `action` and waits for the widget's POST /v1/leads answer; resolves to {status, body}. */
async function submitAndWaitForLead(page, action) {
  const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/leads' &&
    r.request().method() === 'POST');
  await action();
  const r = await response;
  return { status: r.status(), body: await r.json() };
}

const widgetAssessment = (page) => page.locator('magnete-widget').evaluate((el) => el.assessment);

/** The id list in an element's aria-describedby. */
const describedBy = async (locator) => ((await locator.getAttribute('aria-describedby')) || '').split(/\s+/)
  .filter(Boolean);

/** The element (inside the widget's shadow root) with this id. */
const byId = (page, id) => page.locator(`magnete-widget [id="${id}"]`);

describe('ebook landing page', () => {
  test('renders the form, and a visitor who fills it by its labels gets the ebook and a verified lead', async (t) => {
    const { collector, page } = await setup(t);
    await openEbook(page, collector);

    // The form as a person sees it: the email field, the consent not pre-ticked.
    const email = page.getByLabel('Email di lavoro', { exact: true });
    await email.waitFor({ state: 'visible' });
    assert.equal(await email.inputValue(), '');
    const privacy = page.getByLabel(PRIVACY_LABEL);
    assert.equal(await privacy.isChecked(), false, 'the privacy consent must not be pre-ticked');
    assert.equal(await page.getByLabel(/^Acconsento a ricevere comunicazioni commerciali/).isChecked(), false);
    const submit = page.getByRole('button', { name: SUBMIT });
    assert.equal(await submit.isVisible(), true);

    const typedEmail = 'giulia.bianchi@studiofitness.it';
    await email.fill(typedEmail);
    await page.getByLabel('Nome (facoltativo)', { exact: true }).fill('Giulia');
    await page.getByLabel('Ruolo (facoltativo)', { exact: true }).fill('Direttore marketing');
    await page.getByLabel('Settore (facoltativo)', { exact: true }).selectOption({ label: 'Fitness' });
    await page.getByLabel('Numero di dipendenti (facoltativo)', { exact: true }).fill('120');
    await page.getByLabel('Età (facoltativo)', { exact: true }).fill('40');
    await privacy.check();
    assert.equal(await privacy.isChecked(), true);
    // The exact consent text the person is shown (it must travel with the lead).
    const shownConsentText = await page.locator('magnete-widget label[for$="-consent-privacy"]').textContent();
    assert.equal(shownConsentText, PRIVACY_TEXT);

    // One host-page element marked data-magnete-event: the webinar link (nothing else is played).
    const scoresBefore = (await magneteEvents(page, 'score')).length;
    await page.getByRole('link', { name: 'Partecipa al webinar' }).click();
    await page.waitForFunction((n) => window.__magneteEvents.filter((e) => e.type === 'score').length > n &&
      window.__magneteEvents.filter((e) => e.type === 'score').at(-1).detail.assessment.breakdown
        .some((b) => b.rule === 'webinar_attended'), scoresBefore);
    assert.equal(await page.locator('#talk-to-sales').isVisible(), false, 'not hot yet before submitting');

    const { status, body } = await submitAndWaitForLead(page, () => submit.click());
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.ok, true);
    assert.equal(body.verified, true, body.reason);
    const submitted = await waitForMagneteEvent(page, 'submit');

    // The success view with the ebook link replaces the form.
    const success = page.locator('magnete-widget .mg-success');
    await success.waitFor({ state: 'visible' });
    assert.match(await success.textContent(), /Grazie! Il tuo ebook è pronto\./);
    const ebookLink = page.getByRole('link', { name: "Apri l'ebook" });
    assert.equal(await ebookLink.isVisible(), true);
    assert.equal(await ebookLink.getAttribute('href'), `${collector.url}/ebook/lead-scoring-ebook.html`);
    assert.equal(await email.count(), 0, 'the form is gone');

    // Exactly one lead stored, as typed, with the consent shown, and verified by the collector.
    const { count, leads } = await collector.leads();
    assert.equal(count, 1);
    assert.equal(leads.length, 1);
    const [lead] = leads;
    assert.equal(lead.id, submitted.id);
    assert.equal(lead.email, typedEmail);
    const privacyConsent = lead.consents.find((c) => c.id === 'privacy');
    assert.ok(privacyConsent, `no privacy consent stored: ${JSON.stringify(lead.consents)}`);
    assert.equal(privacyConsent.granted, true);
    assert.equal(privacyConsent.text, shownConsentText);
    assert.equal(privacyConsent.version, '2026-01');
    assert.equal(privacyConsent.locale, 'it');
    const marketing = lead.consents.find((c) => c.id === 'marketing');
    assert.equal(marketing?.granted ?? false, false, 'marketing was not ticked');
    assert.equal(lead.verified, true, lead.reason);

    // The collector's score is the widget's: same assessment as the one sent, same number as
    // the element's `assessment`.
    const widget = await widgetAssessment(page);
    assert.deepEqual(lead.assessment, submitted.payload.assessment);
    assert.deepEqual(lead.client_assessment, submitted.payload.assessment);
    assert.deepEqual(submitted.response.assessment, lead.assessment);
    assert.equal(lead.score, widget.score);
    assert.equal(lead.assessment.score, widget.score);
    assert.equal(lead.stage, widget.stage);

    // The events this test really produced (as sent in the payload): one page view on load,
    // one webinar click, one form submission, and the scroll depth marks the clicks caused
    // (the seed table gives no points for scrolling).
    const eventCounts = {};
    for (const e of submitted.payload.events) {
      if (e.type !== 'scroll_depth') eventCounts[e.type] = (eventCounts[e.type] || 0) + 1;
    }
    assert.deepEqual(eventCounts, { page_view: 1, webinar_attended: 1, form_submit: 1 });

    // The seeds' table by hand:
    //   fit:        age 40, 1 point per year over 25      -> 40 - 25 = 15
    //               sector fitness (fitness, wellness)     ->            5
    //               120 employees (> 50)                   ->            3
    //               "Direttore marketing" contains "direttore" ->        2
    //               fit total                              -> 15 + 5 + 3 + 2 = 25
    //   engagement: page_view 1 x 2 = 2, webinar_attended 1 x 10 = 10, form_submit 1 x 7 = 7
    //               engagement total                       -> 2 + 10 + 7 = 19
    //   score = 25 + 19 = 44: grade A (fit 25 >= 20), band hot (44 >= 40),
    //   stage mql (lead: email and privacy consent; 44 >= 25; not sql: 44 < 45).
    const fit = 15 + 5 + 3 + 2;
    const engagement = eventCounts.page_view * 2 + eventCounts.webinar_attended * 10 + eventCounts.form_submit * 7;
    assert.equal(fit, 25);
    assert.equal(engagement, 19);
    assert.equal(widget.fit, fit);
    assert.equal(widget.engagement, engagement);
    assert.equal(widget.score, fit + engagement);
    assert.equal(lead.score, 44);
    const points = Object.fromEntries(lead.assessment.breakdown.map((b) => [b.rule, b.points]));
    assert.deepEqual(points, {
      age_over_25: 15, target_sector: 5, company_over_50: 3, decision_maker: 2,
      website_visit: 2, webinar_attended: 10, form_completion: 7,
    });
    assert.equal(lead.grade, 'A');
    assert.equal(lead.band, 'hot');
    assert.equal(lead.stage, 'mql');

    // The campaign's trigger for hot leads shows the host page's offer.
    await page.locator('#talk-to-sales').waitFor({ state: 'visible' });

    assert.equal(requestsTo(page, '/v1/leads', 'POST').length, 1, 'one lead, one request');
    assert.deepEqual(page.errors, []);
  });

  test('without the privacy consent nothing is sent or stored, and the consent shows an error', async (t) => {
    const { collector, page } = await setup(t);
    await openEbook(page, collector);

    const privacy = page.getByLabel(PRIVACY_LABEL);
    assert.equal(await privacy.isChecked(), false, 'the privacy consent must not be pre-ticked');
    assert.equal(await privacy.evaluate((el) => el.hasAttribute('checked') || el.defaultChecked), false);

    await page.getByLabel('Email di lavoro', { exact: true }).fill('luca.verdi@palestre-esempio.it');
    await page.getByRole('button', { name: SUBMIT }).click();

    // A visible error next to the consent, tied to it for assistive technology.
    const errorIds = await describedBy(privacy);
    assert.equal(errorIds.length, 1);
    const consentError = byId(page, errorIds[0]);
    await consentError.waitFor({ state: 'visible' });
    assert.equal(await consentError.textContent(), CONSENT_REQUIRED_IT);
    assert.equal(await privacy.getAttribute('aria-invalid'), 'true');
    assert.equal(await consentError.evaluate((el, box) => el.parentElement === box.parentElement,
      await privacy.elementHandle()), true, 'the error sits with the consent box');
    assert.equal(await privacy.evaluate((el) => el.getRootNode().activeElement === el), true,
      'focus moves to the missing consent');

    // Nothing left the page and nothing was kept: no request, no row, no storage.
    assert.deepEqual(requestsTo(page, '/v1/leads'), []);
    assert.deepEqual(await magneteEvents(page, 'submit'), []);
    assert.equal((await collector.leads()).count, 0);
    const storage = await page.evaluate(() => ({
      local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
    }));
    assert.deepEqual(storage, { local: 0, session: 0, cookie: '' });
    assert.equal(await page.getByRole('button', { name: SUBMIT }).isVisible(), true, 'still on the form');

    // Control: once ticked, the error clears and the same form does send exactly one lead,
    // so the network log above would have seen a request.
    await privacy.check();
    await consentError.waitFor({ state: 'hidden' });
    assert.equal(await privacy.getAttribute('aria-invalid'), null);
    const { status } = await submitAndWaitForLead(page, () => page.getByRole('button', { name: SUBMIT }).click());
    assert.equal(status, 201);
    assert.equal(requestsTo(page, '/v1/leads', 'POST').length, 1);
    assert.equal((await collector.leads()).count, 1);
  });

  test('an invalid email shows the core\'s inline error, and a typo offers a one-click fix', async (t) => {
    const { collector, page } = await setup(t);
    await openEbook(page, collector);
    const email = page.getByLabel('Email di lavoro', { exact: true });

    // Invalid: the core's message, tied with aria-describedby, the field marked invalid.
    await email.fill('mario.rossi@');
    await email.press('Tab');
    const ids = await describedBy(email);
    const errorId = ids.find((id) => id.endsWith('-error'));
    assert.ok(errorId, `aria-describedby="${ids.join(' ')}" names no error element`);
    const error = byId(page, errorId);
    await error.waitFor({ state: 'visible' });
    assert.equal(await error.textContent(), EMAIL_INVALID_IT);
    assert.equal(await email.getAttribute('aria-invalid'), 'true');

    // Fixing it clears the error as the person types.
    await email.fill('mario.rossi@esempio.it');
    await error.waitFor({ state: 'hidden' });
    assert.equal(await email.getAttribute('aria-invalid'), null);

    // A domain typo: a suggestion with a one-click fix that replaces the value.
    await email.fill('mario@gmial.com');
    await email.press('Tab');
    const fix = page.getByRole('button', { name: 'Usa mario@gmail.com' });
    await fix.waitFor({ state: 'visible' });
    const suggestion = page.locator('magnete-widget .mg-suggestion').filter({ has: fix });
    assert.match(await suggestion.textContent(), /Forse intendevi mario@gmail\.com\?/);
    await fix.click();
    assert.equal(await email.inputValue(), 'mario@gmail.com');
    await suggestion.waitFor({ state: 'hidden' });
    assert.equal(await fix.count(), 0);
    assert.equal(await email.getAttribute('aria-invalid'), null);
    assert.deepEqual(requestsTo(page, '/v1/leads'), [], 'typing sends nothing');
  });

  test('magnete:score and magnete:qualified fire, and the stored stage is the one the widget reported', async (t) => {
    const { collector, page } = await setup(t);
    await openEbook(page, collector);

    // The first score arrives with the page view alone: a visitor.
    const first = await waitForMagneteEvent(page, 'score');
    assert.equal(first.assessment.stage, 'visitor');
    assert.equal(first.assessment.score, 2);

    const email = page.getByLabel('Email di lavoro', { exact: true });
    await email.fill('mario@gmial.com');
    await email.press('Tab');
    await page.getByRole('button', { name: 'Usa mario@gmail.com' }).click();
    assert.equal(await email.inputValue(), 'mario@gmail.com');
    await page.getByLabel(PRIVACY_LABEL).check();

    // Email and privacy consent reach the "lead" stage: a score event, not yet qualified (the
    // core's one meaning: the stage mql).
    await page.waitForFunction(() => window.__magneteEvents.some((e) => e.type === 'score' && e.detail.assessment.stage === 'lead'));
    assert.equal((await magneteEvents(page, 'qualified')).length, 0);
    // Age 40 (15), fitness (5) and 80 employees (3) with the page view (2): 25 points, mql.
    await page.getByLabel('Settore (facoltativo)', { exact: true }).selectOption('fitness');
    await page.getByLabel('Numero di dipendenti (facoltativo)', { exact: true }).fill('80');
    await page.getByLabel('Età (facoltativo)', { exact: true }).fill('40');
    await page.getByLabel('Età (facoltativo)', { exact: true }).press('Tab');
    const qualified = await waitForMagneteEvent(page, 'qualified');
    assert.deepEqual(qualified, { stage: 'mql', previous: 'lead', variant: null });
    const scores = await magneteEvents(page, 'score');
    assert.equal(scores.at(-1).detail.assessment.stage, 'mql');
    assert.equal((await magneteEvents(page, 'qualified')).length, 1, 'once');

    const { status, body } = await submitAndWaitForLead(page,
      () => page.getByRole('button', { name: SUBMIT }).click());
    assert.equal(status, 201);
    const submitted = await waitForMagneteEvent(page, 'submit');
    const reported = (await magneteEvents(page, 'score')).at(-1).detail.assessment;
    const widget = await widgetAssessment(page);
    assert.equal(widget.stage, reported.stage);
    assert.equal(widget.score, reported.score);

    const { count, leads: [lead] } = await collector.leads();
    assert.equal(count, 1);
    assert.equal(lead.email, 'mario@gmail.com', 'the fixed address is the one stored');
    assert.equal(lead.stage, reported.stage);
    assert.equal(lead.score, reported.score);
    assert.equal(lead.verified, true, lead.reason);
    assert.equal(body.assessment.stage, reported.stage);
    assert.equal(submitted.payload.assessment.stage, reported.stage);
    // 25 + form_submit 7 = 32: mql, below sql (45).
    assert.equal(lead.score, 32);
    assert.equal(lead.stage, 'mql');
  });
});
