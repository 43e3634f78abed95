// axe-core (npm) reports no violation on the demo pages: at first, with errors shown, and on
// the success view; every control is named and its error is tied with aria-describedby.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, startCollector, waitForMagneteEvent } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function violations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility', () => {
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

  test('ebook: no axe violation at first, with errors shown, and after submitting', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/ebook/`);
    await waitForMagneteEvent(page, 'ready');
    assert.deepEqual(await violations(page), []);

    await page.getByLabel('Email di lavoro', { exact: true }).fill('not an email');
    await page.getByRole('button', { name: "Scarica l'ebook" }).click();
    const email = page.getByLabel('Email di lavoro', { exact: true });
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    const describedBy = await email.getAttribute('aria-describedby');
    const message = await page.locator('magnete-widget').evaluate((el, ids) =>
      ids.split(' ').map((id) => el.shadowRoot.getElementById(id)?.textContent || '').join(' '), describedBy);
    assert.match(message, /indirizzo email valido/);
    assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.name), 'email',
      'focus moves to the first field in error');
    assert.deepEqual(await violations(page), []);

    await email.fill('lucia.gialli@example.com');
    await page.getByText("Ho letto l'informativa").click();
    await page.getByRole('button', { name: "Scarica l'ebook" }).click();
    await waitForMagneteEvent(page, 'submit');
    await page.getByRole('link', { name: "Apri l'ebook" }).waitFor();
    assert.deepEqual(await violations(page), []);
    await context.close();
  });

  test('ebook with its script blocked: the pre-rendered form alone has no violation and no dangling reference', async () => {
    const { context, page } = await newPage(browser);
    await page.route('**/dist/magnete.js', (route) => route.abort());
    await page.goto(`${collector.url}/ebook/`);
    await page.getByLabel('Email di lavoro', { exact: true }).waitFor();
    assert.deepEqual(await violations(page), []);
    // The lean markup leaves the error lines out; aria-describedby must not name them meanwhile.
    const review = await page.evaluate(() => window.axe.run(document, { resultTypes: ['incomplete'] }));
    assert.deepEqual(review.incomplete.filter((r) => r.id === 'aria-valid-attr-value').map((r) => r.nodes.length), []);
    await context.close();
  });

  test('fitness: no axe violation on the quiz, on the form with an error, and on the result', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/fitness/`);
    await waitForMagneteEvent(page, 'ready');
    assert.deepEqual(await violations(page), []);
    await page.getByRole('button', { name: 'Avanti' }).click(); // no answer: the core's message
    await page.getByText('Scegli una risposta.').waitFor();
    assert.deepEqual(await violations(page), []);
    for (const answer of ['Perdere peso', '1-2 volte', 'All\'aperto']) {
      await page.getByLabel(answer).check();
      await page.getByRole('button', { name: 'Avanti' }).click();
    }
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByRole('button', { name: 'Avanti' }).click(); // the email is missing
    await page.getByText('Questo campo è obbligatorio.').waitFor();
    assert.deepEqual(await violations(page), []);
    await page.getByLabel('La tua email', { exact: true }).fill('marta@example.com');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByText('Acconsento al trattamento').click();
    await page.locator('magnete-widget').evaluate((el) => el.shadowRoot.querySelector('.mg-submit').click());
    await waitForMagneteEvent(page, 'submit');
    await page.getByText('Piano Brucia-Grassi').waitFor();
    assert.deepEqual(await violations(page), []);
    await context.close();
  });
});
