// The fitness quiz with the keyboard only, its result gated behind a valid submission, the
// guide download recorded; triggers reveal the host's "talk to sales" box and the widget's
// launch offer for hot leads, and not for cold ones.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, startCollector, waitForMagneteEvent } from './harness.mjs';

// The focused element inside the widget: [tag, type, label text].
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement?.shadowRoot?.activeElement;
  if (!el) return null;
  const label = el.id ? el.getRootNode().querySelector(`label[for="${el.id}"]`)?.textContent : el.textContent;
  return [el.tagName, el.type || '', (label || '').trim()];
});

async function tabTo(page, predicate, limit = 30) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && predicate(f)) return f;
  }
  throw new Error('the element was not reached with Tab');
}

describe('quiz and triggers', () => {
  let collector;
  let browser;
  before(async () => {
    collector = await startCollector();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await collector?.stop();
  });

  test('the quiz works with the keyboard alone, and its result shows only after a valid submission', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/fitness/`);
    await waitForMagneteEvent(page, 'ready');
    const widgetText = () => page.locator('magnete-widget').evaluate((el) => el.shadowRoot.textContent);
    assert.match(await widgetText(), /Domanda 1 di 4/);

    // Question 1: Tab to the answers, arrows to choose, Enter on "Avanti".
    await tabTo(page, ([tag, type]) => tag === 'INPUT' && type === 'radio');
    await page.keyboard.press('ArrowDown'); // "Tonificare"
    assert.deepEqual(await focused(page), ['INPUT', 'radio', 'Tonificare']);
    await tabTo(page, ([tag, , label]) => tag === 'BUTTON' && label === 'Avanti');
    await page.keyboard.press('Enter');
    assert.match(await widgetText(), /Domanda 2 di 4/);
    // A required question without an answer does not advance.
    await tabTo(page, ([tag, , label]) => tag === 'BUTTON' && label === 'Avanti');
    await page.keyboard.press('Enter');
    assert.match(await widgetText(), /Scegli una risposta\./);
    assert.match(await widgetText(), /Domanda 2 di 4/);
    await tabTo(page, ([tag, type]) => tag === 'INPUT' && type === 'radio');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // "3 volte o più"
    await tabTo(page, ([tag, , label]) => tag === 'BUTTON' && label === 'Avanti');
    await page.keyboard.press('Enter');
    // Back goes back, with the answer kept.
    await tabTo(page, ([tag, , label]) => tag === 'BUTTON' && label === 'Indietro');
    await page.keyboard.press('Enter');
    assert.match(await widgetText(), /Domanda 2 di 4/);
    assert.equal(await page.getByLabel('3 volte o più').isChecked(), true);
    await tabTo(page, ([tag, , label]) => tag === 'BUTTON' && label === 'Avanti');
    await page.keyboard.press('Enter');
    await tabTo(page, ([tag, type]) => tag === 'INPUT' && type === 'radio');
    await page.keyboard.press('Space'); // "A casa"
    await tabTo(page, ([tag, , label]) => tag === 'BUTTON' && label === 'Avanti');
    await page.keyboard.press('Enter');
    await tabTo(page, ([tag, , label]) => tag === 'BUTTON' && label === 'Avanti'); // optional question
    await page.keyboard.press('Enter');

    // The gate: the contact form, and no outcome anywhere yet.
    assert.match(await widgetText(), /Il tuo risultato è pronto/);
    assert.doesNotMatch(await widgetText(), /Piano Forza/);
    assert.doesNotMatch(await page.content(), /Piano Forza/);
    await tabTo(page, ([, type]) => type === 'email');
    await page.keyboard.type('elena.rosa@example.com');
    await tabTo(page, ([tag, , label]) => tag === 'BUTTON' && label === 'Avanti');
    await page.keyboard.press('Enter');
    await tabTo(page, ([, type, label]) => type === 'checkbox' && label.startsWith('Acconsento al trattamento'));
    await page.keyboard.press('Space');
    await tabTo(page, ([tag, , label]) => tag === 'BUTTON' && /piano|guida/i.test(label));
    await page.keyboard.press('Enter');
    const submitted = await waitForMagneteEvent(page, 'submit');
    assert.match(await widgetText(), /Piano Forza/);
    assert.deepEqual(submitted.payload.quiz, { answers: { goal: ['tone_up'], frequency: ['three_plus'], place: ['home'] }, outcome: 'strength' });
    const { leads } = await collector.leads();
    assert.equal(leads.find((l) => l.id === submitted.id).assessment.outcome, 'strength');

    // The guide: a link, and its click is a scored download.
    const guide = page.getByRole('link', { name: 'Leggi la guida gratuita alla salute' });
    const [popup] = await Promise.all([context.waitForEvent('page'), guide.click()]);
    await popup.close();
    await page.waitForFunction(() => window.__magneteEvents.some((e) => e.type === 'score' &&
      e.detail.assessment.breakdown.some((r) => r.rule === 'guide_download')));
    await context.close();
  });

  test('ebook: the talk-to-sales box stays hidden for a cold lead and appears for a hot one', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/ebook/`);
    await waitForMagneteEvent(page, 'ready');
    const box = page.locator('#talk-to-sales');
    await page.getByLabel('Email di lavoro', { exact: true }).fill('cold@example.com');
    await page.getByLabel('Ruolo (facoltativo)', { exact: true }).click();
    await page.waitForTimeout(200);
    assert.equal(await box.isVisible(), false);
    // age 65 = 40 points over 25: hot at 40 (seed-b2b bands).
    await page.getByLabel('Età (facoltativo)', { exact: true }).fill('65');
    await page.getByLabel('Ruolo (facoltativo)', { exact: true }).click();
    await box.waitFor({ state: 'visible' });
    await context.close();
  });

  test('fitness: the launch offer shows inside the widget for a hot lead', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/fitness/`);
    await waitForMagneteEvent(page, 'ready');
    const offer = page.getByRole('complementary', { name: "Accesso anticipato all'app" });
    // 3 (visit) + 10 (webinar) + 2 + 4 + 1 (answers) = 20: warm, no offer yet.
    await page.getByText('Iscriviti al webinar').click();
    for (const answer of ['Tonificare', '3 volte o più', 'In palestra']) {
      await page.getByLabel(answer).check();
      await page.getByRole('button', { name: 'Avanti' }).click();
    }
    assert.equal(await offer.count(), 0);
    // + 5 (age 18-45) + 3 (city) + 4 (smartphone) = 32: hot.
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByLabel('La tua email', { exact: true }).fill('giorgio@example.com');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByLabel('Età (facoltativo)', { exact: true }).fill('31');
    await page.getByLabel('Città (facoltativo)', { exact: true }).selectOption('milano');
    await page.getByLabel('Android').check();
    await offer.waitFor();
    assert.match(await offer.textContent(), /30 giorni gratis prima del lancio|prova l'app gratis/);
    await context.close();
  });
});
