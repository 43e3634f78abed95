// The widget on host pages: the three ways to embed it, a strict Content-Security-Policy,
// hostile global CSS, a campaign that fails validation, the choice of language.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { campaignsDir, launchBrowser, newPage, startCollector, waitForMagneteEvent } from './harness.mjs';
import { startSite, STRICT_CSP } from './site.mjs';

const seed = JSON.parse(readFileSync(path.join(campaignsDir, 'seed-b2b.json'), 'utf8'));
const html = (head, body, lang = 'it') =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;
const inline = (id, campaign) => `<script type="application/json" id="${id}">${JSON.stringify(campaign).replace(/</g, '\\u003c')}</script>`;

// Fills the seed-b2b form in Italian and submits; resolves to the submit event's detail.
async function submitSeedForm(page, email = 'mario.rossi@example.com') {
  await page.getByLabel('Email di lavoro', { exact: true }).fill(email);
  await page.getByText("Ho letto l'informativa").click();
  await page.getByRole('button', { name: "Scarica l'ebook" }).click();
  return waitForMagneteEvent(page, 'submit');
}

describe('embedding and host pages', () => {
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

  test('script tag with data-campaign and data-target mounts itself', async () => {
    site.page('/embed-script', html('', `<div id="lead"></div><script src="/dist/magnete.js" data-campaign="/campaigns/seed-b2b.json" data-target="#lead" defer></script>`));
    const { context, page } = await newPage(browser);
    await page.goto(`${site.url}/embed-script`);
    await page.locator('#lead magnete-widget').waitFor();
    const detail = await submitSeedForm(page);
    assert.ok(detail.id);
    assert.equal(await page.evaluate(() => typeof window.Magnete.forget), 'function');
    await context.close();
  });

  test('custom element with an inline campaign block', async () => {
    site.page('/embed-inline', html('<script src="/dist/magnete.js" defer></script>',
      `<magnete-widget campaign="#c"></magnete-widget>${inline('c', seed)}`));
    const { context, page } = await newPage(browser);
    await page.goto(`${site.url}/embed-inline`);
    await waitForMagneteEvent(page, 'ready');
    // No request for a campaign file: it came from the page.
    assert.equal(page.requests.filter((r) => r.url.includes('/campaigns/')).length, 0);
    await submitSeedForm(page);
    await context.close();
  });

  test('ES module mount() with a campaign object', async () => {
    site.page('/embed-module', html('', `<div id="here"></div><script type="module" src="/embed-module.js"></script>`));
    site.page('/embed-module.js', `import { mount } from '/dist/magnete.mjs';
      const campaign = await (await fetch('/campaigns/seed-b2b.json')).json();
      campaign.title = { it: 'Montato da modulo' };
      mount('#here', campaign, { locale: 'it' });`, { 'Content-Type': 'text/javascript' });
    const { context, page } = await newPage(browser);
    await page.goto(`${site.url}/embed-module`);
    await page.getByRole('heading', { name: 'Montato da modulo' }).waitFor();
    await submitSeedForm(page);
    await context.close();
  });

  test('under a strict CSP it renders styled, scores and submits, with no violation', async () => {
    site.page('/strict', html('<script src="/dist/magnete.js" defer></script>',
      '<magnete-widget campaign="/campaigns/seed-b2b.json"></magnete-widget>'), { 'Content-Security-Policy': STRICT_CSP });
    const { context, page } = await newPage(browser);
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${site.url}/strict`);
    await waitForMagneteEvent(page, 'score');
    const accent = await page.locator('magnete-widget').evaluate((el) =>
      getComputedStyle(el.shadowRoot.querySelector('.mg-submit')).backgroundColor);
    assert.equal(accent, 'rgb(11, 110, 79)', 'the widget styles apply (--magnete-accent)');
    await submitSeedForm(page);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  test('hostile global CSS does not reach the widget, which stays usable', async () => {
    site.page('/hostile', html('<link rel="stylesheet" href="/hostile.css"><script src="/dist/magnete.js" defer></script>',
      '<form><label>Host<input></label><button>host</button></form><magnete-widget campaign="/campaigns/seed-b2b.json"></magnete-widget>'));
    site.page('/hostile.css', `* { font-size: 40px !important; color: red !important; letter-spacing: 9px !important; }
      input, select, textarea { display: none !important; } button { visibility: hidden !important; }
      label { text-transform: uppercase !important; } form { transform: rotate(3deg) !important; }`, { 'Content-Type': 'text/css' });
    const { context, page } = await newPage(browser);
    await page.goto(`${site.url}/hostile`);
    await waitForMagneteEvent(page, 'ready');
    const styles = await page.locator('magnete-widget').evaluate((el) => {
      const label = el.shadowRoot.querySelector('label');
      const input = el.shadowRoot.querySelector('input:not([type=hidden])');
      return { size: getComputedStyle(label).fontSize, transform: getComputedStyle(label).textTransform,
        display: getComputedStyle(input).display };
    });
    assert.equal(styles.size, '16px');
    assert.equal(styles.transform, 'none');
    assert.equal(styles.display, 'block');
    await submitSeedForm(page);
    await context.close();
  });

  test('an invalid campaign leaves the page working, shows the fallback, logs and reports the errors', async () => {
    const broken = { ...seed, scorng: {} };
    site.page('/broken', html('<script src="/dist/magnete.js" defer></script>',
      `<button id="host" onclick="this.textContent='ok'">host</button>
       <magnete-widget campaign="#c"><p slot="fallback">Modulo non disponibile</p></magnete-widget>${inline('c', broken)}`));
    const { context, page } = await newPage(browser);
    const logged = [];
    page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
    await page.goto(`${site.url}/broken`);
    const detail = await waitForMagneteEvent(page, 'error');
    assert.deepEqual(detail.errors[0], { path: 'scorng', message: 'unknown key; did you mean "scoring"?' });
    assert.ok(logged.some((l) => l.includes('scorng: unknown key; did you mean "scoring"?')), logged.join('\n'));
    await page.getByText('Modulo non disponibile').waitFor();
    assert.equal(await page.locator('magnete-widget').evaluate((el) => el.shadowRoot.querySelectorAll('form, input').length), 0);
    await page.locator('#host').click();
    assert.equal(await page.locator('#host').textContent(), 'ok');
    assert.deepEqual(page.errors.filter((e) => e.startsWith('pageerror')), []);
    await context.close();
  });

  test('hidden fields take what the page knows: the values option, the URL, setValue(); the core scores them', async () => {
    const campaign = structuredClone(seed);
    campaign.fields.push({ name: 'lead_source', type: 'hidden', label: 'Source' },
      { name: 'origin', type: 'hidden', label: 'Origin' }, { name: 'seconds', type: 'hidden', label: 'Seconds' });
    campaign.scoring.fit.push(
      { id: 'from_partner', field: 'lead_source', op: 'eq', value: 'Welingak Website', points: 18 },
      { id: 'add_form', field: 'origin', op: 'eq', value: 'Lead Add Form', points: 20 },
      { id: 'long_visit', field: 'seconds', op: 'gte', value: 750, points: 17 });
    site.page('/hidden', html('', `<div id="here"></div><script type="module" src="/hidden.js"></script>`));
    site.page('/hidden.js', `import { mount } from '/dist/magnete.mjs';
      const widget = mount('#here', ${JSON.stringify(campaign)}, { locale: 'it', values: { seconds: '900' } });
      widget.addEventListener('magnete:ready', () => widget.setValue('origin', 'Lead Add Form'));
      window.__widget = widget;`, { 'Content-Type': 'text/javascript' });
    const { context, page } = await newPage(browser);
    await page.goto(`${site.url}/hidden?lead_source=${encodeURIComponent('Welingak Website')}&utm_source=x`);
    await waitForMagneteEvent(page, 'ready');
    await page.waitForFunction(() => (window.__widget.assessment?.breakdown || []).filter((r) => r.kind === 'fit').length >= 3);
    const rules = await page.evaluate(() => window.__widget.assessment.breakdown.filter((r) => r.kind === 'fit')
      .map((r) => `${r.rule}:${r.points}`));
    assert.deepEqual(rules.sort(), ['add_form:20', 'from_partner:18', 'long_visit:17']);
    // Hidden fields are not shown, and a name the campaign has no hidden field for is refused.
    assert.equal(await page.getByLabel('Source').count(), 0);
    assert.equal(await page.evaluate(() => window.__widget.setValue('email', 'x@y.it')), false);
    assert.equal(await page.evaluate(() => window.__widget.setValue('nope', 1)), false);
    await context.close();
  });

  test('the language: the campaign offers it, <html lang> picks it, the attribute wins, strings override', async () => {
    site.page('/en', html('<script src="/dist/magnete.js" defer></script>', '<magnete-widget campaign="/campaigns/seed-b2b.json"></magnete-widget>', 'en'));
    site.page('/it-attr', html('<script src="/dist/magnete.js" defer></script>',
      `<magnete-widget campaign="/campaigns/seed-b2b.json" locale="it" strings='{"optional": "(se vuoi)"}'></magnete-widget>`, 'en'));
    const { context, page } = await newPage(browser, { locale: 'it-IT' });
    await page.goto(`${site.url}/en`);
    await page.getByLabel('Work email', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Get the ebook' }).waitFor();
    await page.goto(`${site.url}/it-attr`);
    await page.getByLabel('Email di lavoro', { exact: true }).waitFor();
    await page.getByLabel('Nome (se vuoi)', { exact: true }).waitFor();
    await context.close();
  });
});
