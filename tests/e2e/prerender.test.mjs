// Pre-rendered markup (web/prerender.mjs; the demo pages as make builds them): the form is in
// the page before any script; the widget adopts it without rendering again, keeping what the
// visitor typed; its code and its core load only once the page has loaded; it holds under a
// strict CSP; and without script (disabled, blocked, or failed) the same form still captures
// the lead through the collector.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, siteDir, startCollector, waitForMagneteEvent } from './harness.mjs';
import { startSite, STRICT_CSP } from './site.mjs';

const field = (page, label) => page.getByLabel(label, { exact: true });

/** Holds every request for `pattern` until release() is called. */
async function hold(page, pattern) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

describe('pre-rendered markup', () => {
  let collector;
  let site;
  let browser;
  before(async () => {
    collector = await startCollector();
    site = await startSite(collector.url);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await collector?.stop();
  });

  test('the page holds the form before any script runs: a declarative shadow root linking magnete.css', async () => {
    const html = readFileSync(path.join(siteDir, 'ebook/index.html'), 'utf8');
    const element = html.match(/<magnete-widget[^>]*>([\s\S]*?)<\/magnete-widget>/)[0];
    assert.match(element, /^<magnete-widget id="lead-form" campaign="\/campaigns\/seed-b2b.json"><template shadowrootmode="open"><link rel="stylesheet" href="\/dist\/magnete.css">/);
    assert.match(element, /<form[^>]* action="\/v1\/forms\/seed-b2b"[^>]*>/);
    assert.match(element, /<form[^>]* method="post"/);
    assert.ok(element.includes('name="email"') && element.includes('name="consent:privacy"'));
    assert.ok(!/<script|<style|style="/.test(element), 'no script and no inline style in the markup');
  });

  test('the widget adopts the markup: the same nodes, what was typed kept and checked, nothing re-rendered', async () => {
    const { context, page } = await newPage(browser);
    await page.addInitScript(() => {
      window.__removed = 0;
      document.addEventListener('DOMContentLoaded', () => {
        const root = document.querySelector('magnete-widget').shadowRoot;
        new MutationObserver((records) => {
          for (const r of records) window.__removed += [...r.removedNodes].filter((n) => n.nodeType === 1).length;
        }).observe(root, { childList: true, subtree: true });
      });
    });
    const release = await hold(page, '**/dist/magnete-app.mjs');
    await page.goto(`${collector.url}/ebook/`);
    // The app is held: only the browser and the page's markup are at work.
    const email = field(page, 'Email di lavoro');
    await email.fill('mario@gmial.com');
    await field(page, 'Ruolo (facoltativo)').fill('Titolare');
    await email.evaluate((el) => { el.__marker = 'typed before the script'; });
    assert.equal((await page.evaluate(() => window.__magneteEvents)).length, 0, 'the app has not started');
    release();
    await waitForMagneteEvent(page, 'ready');
    // The typo in the field left before the app came is checked: the fix is offered.
    await page.getByRole('button', { name: 'Usa mario@gmail.com' }).waitFor();
    const adopted = await page.locator('magnete-widget').evaluate((host) => {
      const input = host.shadowRoot.querySelector('input[name=email]');
      return { marker: input.__marker, value: input.value, role: host.shadowRoot.querySelector('input[name=job_title]').value };
    });
    assert.deepEqual(adopted, { marker: 'typed before the script', value: 'mario@gmial.com', role: 'Titolare' });
    assert.equal(await page.evaluate(() => window.__removed), 0, 'no element of the pre-rendered form was removed');
    // And it works as the widget: the lead goes out, scored by the core.
    await page.getByRole('button', { name: 'Usa mario@gmail.com' }).click();
    await page.getByText("Ho letto l'informativa").click();
    await page.getByRole('button', { name: "Scarica l'ebook" }).click();
    const submitted = await waitForMagneteEvent(page, 'submit');
    assert.equal(submitted.payload.contact.email, 'mario@gmail.com');
    assert.equal(submitted.payload.contact.job_title, 'Titolare');
    await context.close();
  });

  test('nothing of the widget loads before the page has: the app and the core come after the load event', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${collector.url}/ebook/`);
    await waitForMagneteEvent(page, 'ready');
    const timing = await page.evaluate(() => {
      const start = (name) => performance.getEntriesByType('resource').find((e) => e.name.endsWith(name))?.startTime;
      return { load: performance.getEntriesByType('navigation')[0].loadEventEnd, app: start('/dist/magnete-app.mjs'),
        core: start('/dist/magnete-core.wasm') };
    });
    assert.ok(timing.app >= timing.load, `the app was requested before the page had loaded: ${JSON.stringify(timing)}`);
    assert.ok(timing.core >= timing.load, `the core was requested before the page had loaded: ${JSON.stringify(timing)}`);
    await context.close();
  });

  test('a quiz campaign: the markup shows the first question; adopted, the quiz goes on', async () => {
    const { context, page } = await newPage(browser);
    const release = await hold(page, '**/dist/magnete-app.mjs');
    await page.goto(`${collector.url}/fitness/`);
    await page.getByLabel('Tonificare').check(); // answered before the script
    assert.equal(await page.getByRole('group', { name: /allenarti/ }).isVisible(), false, 'one question at a time');
    release();
    await waitForMagneteEvent(page, 'ready');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByLabel('1-2 volte').waitFor();
    await context.close();
  });

  test('under a strict CSP the pre-rendered page is styled before any script and adopted with no violation', async () => {
    site.page('/strict-prerendered', readFileSync(path.join(siteDir, 'ebook/index.html'), 'utf8'),
      { 'Content-Security-Policy': `${STRICT_CSP}; img-src 'self' data:` }); // the page's own data: icon
    site.page('/site.css', readFileSync(path.join(siteDir, 'site.css'), 'utf8'), { 'Content-Type': 'text/css' });
    const { context, page } = await newPage(browser);
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const release = await hold(page, '**/dist/magnete-app.mjs');
    await page.goto(`${site.url}/strict-prerendered`);
    const accent = () => page.locator('magnete-widget').evaluate((el) =>
      getComputedStyle(el.shadowRoot.querySelector('.mg-submit')).backgroundColor);
    assert.equal(await accent(), 'rgb(11, 110, 79)', 'magnete.css applies before the app');
    release();
    await field(page, 'Email di lavoro').fill('giulia.bianchi@libero.it');
    await waitForMagneteEvent(page, 'ready');
    await page.getByText("Ho letto l'informativa").click();
    await page.getByRole('button', { name: "Scarica l'ebook" }).click();
    await waitForMagneteEvent(page, 'submit');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  test('JavaScript disabled: the whole form at once, posted to the collector, which stores the lead scored natively', async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${collector.url}/fitness/?utm_source=newsletter`);
    // Every question and every step at once; no step buttons.
    await page.getByLabel('Tonificare').check();
    await page.getByLabel('1-2 volte').check();
    for (const group of await page.getByRole('group').all()) {
      const first = group.getByRole('radio').first();
      if (await first.count() && await first.isVisible() && !(await group.getByRole('radio', { checked: true }).count())) await first.check();
    }
    assert.equal(await page.getByRole('button', { name: 'Avanti' }).first().isVisible(), false);
    await field(page, 'La tua email').fill('chiara.neri@example.com');
    await field(page, 'Età (facoltativo)').fill('34');
    await page.getByText('Acconsento al trattamento').click();
    await page.getByRole('button', { name: /Mostrami il mio piano|Scarica la guida/ }).click();
    // 303 to the campaign's asset.
    await page.waitForURL('**/fitness/guida-salute.html');
    const leads = (await collector.leads('?campaign=fitness-launch')).leads.filter((l) => l.contact.email === 'chiara.neri@example.com');
    assert.equal(leads.length, 1);
    const [lead] = leads;
    assert.equal(lead.channel, 'form', 'marked as captured without the script');
    assert.equal(lead.contact.email, 'chiara.neri@example.com');
    assert.equal(lead.status, 'accepted');
    assert.equal(lead.stage, lead.assessment.stage, 'the stage is the server\'s');
    assert.ok(lead.assessment.breakdown.some((b) => b.rule.startsWith('quiz:')), 'the quiz answers were scored');
    assert.equal(lead.consents.find((c) => c.id === 'privacy').granted, true);
    await context.close();
  });

  test('JavaScript disabled, bad input: the form comes back with the core\'s messages and what was typed', async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${collector.url}/ebook/`);
    await field(page, 'Email di lavoro').fill('franco@gmial');
    await field(page, 'Ruolo (facoltativo)').fill('<b>Titolare</b>');
    await page.getByRole('button', { name: "Scarica l'ebook" }).click();
    await page.waitForURL('**/v1/forms/seed-b2b');
    assert.equal(await field(page, 'Email di lavoro').inputValue(), 'franco@gmial');
    assert.equal(await field(page, 'Ruolo (facoltativo)').inputValue(), '<b>Titolare</b>');
    assert.equal(await field(page, 'Email di lavoro').getAttribute('aria-invalid'), 'true');
    await page.getByText('Controlla i campi evidenziati.').waitFor();
    await page.getByText(/Per continuare devi accettare|consenso/).first().waitFor();
    const count = async () => (await collector.leads('?campaign=seed-b2b')).leads.filter((l) => l.contact.email?.startsWith('franco@')).length;
    assert.equal(await count(), 0, 'nothing stored');
    // Fixed and sent again from that page: the lead is stored.
    await field(page, 'Email di lavoro').fill('franco@example.com');
    await page.getByText("Ho letto l'informativa").click();
    await page.getByRole('button', { name: "Scarica l'ebook" }).click();
    await page.waitForLoadState();
    assert.equal(await count(), 1);
    await context.close();
  });

  test('the app blocked: the form shows every step at once and posts itself (static)', async () => {
    const { context, page } = await newPage(browser);
    await page.route('**/dist/magnete-app.mjs', (route) => route.abort('blockedbyclient'));
    await page.goto(`${collector.url}/fitness/`);
    await page.getByLabel('Tonificare').check(); // the first interaction starts the widget, which fails
    await page.waitForFunction(() => document.querySelector('magnete-widget').hasAttribute('static'));
    await page.getByLabel('1-2 volte').waitFor(); // the second question, at once
    await field(page, 'La tua email').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Avanti' }).first().isVisible(), false);
    await context.close();
  });

  test('the script blocked: after 3 s the stylesheet alone shows every step', async () => {
    const { context, page } = await newPage(browser);
    await page.route('**/dist/magnete.js', (route) => route.abort('blockedbyclient'));
    await page.goto(`${collector.url}/fitness/`);
    assert.equal(await page.getByLabel('1-2 volte').isVisible(), false, 'first the first question, as with the script');
    await page.getByLabel('1-2 volte').waitFor(); // the stylesheet's 3 s, within the default wait
    await field(page, 'La tua email').waitFor();
    await context.close();
  });
});
