// Privacy by construction: nothing stored and nothing sent before the required consent;
// Magnete.forget() erases everything; a returning visitor who consented is not asked again
// (progressive profiling); the A/B variant is sticky once stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, startCollector, waitForMagneteEvent } from './harness.mjs';

const PRIVACY = "Ho letto l'informativa";
const field = (page, label) => page.getByLabel(label, { exact: true });

// Everything the page keeps on the visitor's device.
function deviceState(page) {
  return page.evaluate(async () => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    cookies: document.cookie,
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
  }));
}

describe('privacy', () => {
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

  test('before the required consent nothing is stored and nothing is sent; after it, the record appears', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/ebook/`);
    await waitForMagneteEvent(page, 'ready');
    await field(page, 'Email di lavoro').fill('anna.verdi@example.com');
    await field(page, 'Ruolo (facoltativo)').fill('Responsabile acquisti');
    await page.getByText('Partecipa al webinar').click();
    await page.getByText('Acconsento a ricevere').click(); // the optional consent is not the required one
    await page.waitForTimeout(300);
    assert.deepEqual(await deviceState(page), { local: [], session: [], cookies: '', indexedDB: [] });
    const sent = page.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`);
    assert.deepEqual(sent.filter((s) => !/^GET \/(ebook\/|site\.css|dist\/magnete(-app\.mjs|\.js|\.css|-core\.wasm)|campaigns\/seed-b2b\.json)$/.test(s)), [],
      `only the page and the widget's own files: ${sent.join(', ')}`);
    assert.equal(await page.evaluate(() => window.dataLayer), undefined, 'no tag-manager push before consent');
    // Consent boxes are never pre-ticked.
    const privacy = page.getByRole('checkbox', { name: /Ho letto/ });
    assert.equal(await privacy.isChecked(), false);

    await page.getByText(PRIVACY).click();
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('magnete:')));
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('magnete:v1:seed-b2b')));
    assert.equal(stored.consents.find((c) => c.id === 'privacy').granted, true);
    assert.ok(stored.first_touch.landing_page.endsWith('/ebook/'));
    await context.close();
  });

  test('Magnete.forget() erases what the widget stored and starts it again, empty', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/ebook/`);
    await waitForMagneteEvent(page, 'ready');
    await field(page, 'Email di lavoro').fill('anna.verdi@example.com');
    await page.getByText(PRIVACY).click();
    await page.waitForFunction(() => localStorage.length > 0);
    await page.evaluate(() => window.Magnete.forget());
    assert.deepEqual((await deviceState(page)).local, []);
    await waitForMagneteEvent(page, 'ready', { count: 2 });
    assert.equal(await field(page, 'Email di lavoro').inputValue(), '');
    assert.equal(await page.getByRole('checkbox', { name: /Ho letto/ }).isChecked(), false);
    // After a reload nothing comes back.
    await page.reload();
    await waitForMagneteEvent(page, 'ready');
    assert.deepEqual((await deviceState(page)).local, []);
    await context.close();
  });

  test('Magnete.forget() cancels a lead still waiting offline: never sent, never stored again', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/ebook/`);
    await waitForMagneteEvent(page, 'ready');
    await context.setOffline(true);
    await field(page, 'Email di lavoro').fill('ritirato@example.com');
    await page.getByText(PRIVACY).click();
    await page.getByRole('button', { name: "Scarica l'ebook" }).click();
    await page.getByText('Salvato. Invieremo i tuoi dati').waitFor();
    assert.ok(await page.evaluate(() => localStorage.getItem('magnete:outbox')), 'the lead waits in storage');
    await page.evaluate(() => window.Magnete.forget());
    await waitForMagneteEvent(page, 'ready', { count: 2 });
    await context.setOffline(false); // the 'online' event would send whatever still waits
    await page.waitForTimeout(1500);
    assert.deepEqual((await deviceState(page)).local, [], 'nothing written back after forget()');
    const { leads } = await collector.leads();
    assert.equal(leads.filter((l) => l.contact.email === 'ritirato@example.com').length, 0);
    assert.equal(page.requests.filter((r) => r.method === 'POST').length, 0, 'no lead was posted');
    await context.close();
  });

  test('a returning visitor who consented is asked only what is still unknown, and the lead keeps what is known', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/ebook/`);
    await waitForMagneteEvent(page, 'ready');
    await field(page, 'Email di lavoro').fill('paolo.neri@example.com');
    await field(page, 'Nome (facoltativo)').fill('Paolo');
    await field(page, 'Età (facoltativo)').fill('44');
    await page.getByText(PRIVACY).click();
    await page.getByRole('button', { name: "Scarica l'ebook" }).click();
    const first = await waitForMagneteEvent(page, 'submit');

    await page.reload();
    await waitForMagneteEvent(page, 'ready');
    // Known: email, name, age (hidden); unknown: role, sector, employees (asked).
    assert.equal(await field(page, 'Email di lavoro').isVisible(), false);
    assert.equal(await field(page, 'Età (facoltativo)').isVisible(), false);
    assert.equal(await field(page, 'Ruolo (facoltativo)').isVisible(), true);
    assert.equal(await page.getByRole('checkbox', { name: /Ho letto/ }).isChecked(), true);
    await field(page, 'Ruolo (facoltativo)').fill('Titolare');
    await page.getByRole('button', { name: "Scarica l'ebook" }).click();
    const second = await waitForMagneteEvent(page, 'submit');
    assert.notEqual(second.id, first.id);
    const { leads } = await collector.leads();
    const stored = leads.find((l) => l.id === second.id);
    assert.equal(stored.contact.email, 'paolo.neri@example.com');
    assert.equal(stored.contact.age, 44);
    assert.equal(stored.contact.job_title, 'Titolare');
    // The earlier visit's page view still counts: two visits, 2 points each.
    assert.equal(stored.assessment.breakdown.find((r) => r.rule === 'website_visit').count, 2);
    await context.close();
  });

  test('the variant is on every event and on the lead, and sticks after consent', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/fitness/`);
    const ready = await waitForMagneteEvent(page, 'ready');
    assert.ok(['plan', 'guide'].includes(ready.variant), ready.variant);
    const score = await waitForMagneteEvent(page, 'score');
    assert.equal(score.variant, ready.variant);
    // The quiz, then the form, then the lead.
    for (const answer of ['Tonificare', '3 volte o più', 'In palestra']) {
      await page.getByLabel(answer).check();
      await page.getByRole('button', { name: 'Avanti' }).click();
    }
    await page.getByRole('button', { name: 'Avanti' }).click(); // the optional question
    await field(page, 'La tua email').fill('sara.blu@example.com');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByText('Acconsento al trattamento').click();
    const label = ready.variant === 'guide' ? 'Scarica la guida e il piano' : 'Mostrami il mio piano';
    await page.getByRole('button', { name: label }).click();
    const submitted = await waitForMagneteEvent(page, 'submit');
    assert.equal(submitted.variant, ready.variant);
    assert.equal(submitted.payload.campaign.variant, ready.variant);
    const { leads } = await collector.leads();
    assert.equal(leads.find((l) => l.id === submitted.id).campaign.variant, ready.variant);
    for (let i = 0; i < 3; i++) {
      await page.reload();
      assert.equal((await waitForMagneteEvent(page, 'ready')).variant, ready.variant);
    }
    await context.close();
  });
});
