// The core's two browser modules (wasm/CMakeLists.txt): a page loads the lean one,
// magnete-core.wasm, and the full one, magnete-core-full.wasm, only for a campaign the lean one
// answers needs_full_core about: a vendor delivery format, which the browser still delivers, or
// an invalid campaign, whose errors keep their paths. Under a strict CSP, as any page may have.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { campaignsDir, launchBrowser, newPage, startCollector, waitForMagneteEvent } from './harness.mjs';
import { STRICT_CSP, startSite } from './site.mjs';

const seed = JSON.parse(readFileSync(path.join(campaignsDir, 'seed-b2b.json'), 'utf8'));
const page = (campaign) => `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>t</title>
  <script src="/dist/magnete.js" defer></script></head><body><magnete-widget campaign="#c"></magnete-widget>
  <script type="application/json" id="c">${JSON.stringify(campaign).replace(/</g, '\\u003c')}</script></body></html>`;
const cores = (p) => p.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => e.name.split('/').pop()).filter((name) => name.endsWith('.wasm')).sort());

describe('the lean core first, the full one when the lean one says so', () => {
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

  async function open(name, campaign) {
    site.page(`/${name}`, page(campaign), { 'Content-Security-Policy': STRICT_CSP });
    const { context, page: p } = await newPage(browser);
    await p.goto(`${site.url}/${name}`);
    return { context, p };
  }

  async function submitted(p, endpoint) {
    const sent = new Promise((resolve) => {
      p.route(`**${endpoint}`, async (route) => {
        const request = route.request();
        resolve({ type: request.headers()['content-type'], body: request.postData() });
        await route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
      });
    });
    await waitForMagneteEvent(p, 'ready');
    await p.getByLabel('Email di lavoro', { exact: true }).fill('giulia.bianchi@example.com');
    await p.getByText("Ho letto l'informativa").click();
    await p.getByRole('button', { name: "Scarica l'ebook" }).click();
    await waitForMagneteEvent(p, 'submit');
    return sent;
  }

  test('magnete-v1: the lean module only', async () => {
    const { context, p } = await open('v1', seed);
    await waitForMagneteEvent(p, 'ready');
    assert.deepEqual(await cores(p), ['magnete-core.wasm']);
    await context.close();
  });

  test('HubSpot: the full module builds the Forms API body, and the browser posts it', async () => {
    const campaign = structuredClone(seed);
    campaign.delivery = { endpoint: '/hubspot', format: 'hubspot',
      hubspot: { portal_id: '4812345', form_id: 'form-1', subscriptions: { marketing: false } } };
    const { context, p } = await open('hubspot', campaign);
    const sent = await submitted(p, '/hubspot');
    assert.deepEqual(await cores(p), ['magnete-core-full.wasm', 'magnete-core.wasm']);
    assert.match(sent.type, /^application\/json/);
    const body = JSON.parse(sent.body);
    assert.deepEqual(body.fields.find((f) => f.name === 'email'), { objectTypeId: '0-1', name: 'email', value: 'giulia.bianchi@example.com' });
    assert.ok(body.legalConsentOptions, sent.body);
    await context.close();
  });

  test('Salesforce: the full module builds the Web-to-Lead form, and the browser posts it', async () => {
    const campaign = structuredClone(seed);
    campaign.delivery = { endpoint: '/salesforce', format: 'salesforce', salesforce: { oid: '00D5j000001uVaT' } };
    const { context, p } = await open('salesforce', campaign);
    const sent = await submitted(p, '/salesforce');
    assert.deepEqual(await cores(p), ['magnete-core-full.wasm', 'magnete-core.wasm']);
    assert.match(sent.type, /^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(sent.body);
    assert.equal(form.get('oid'), '00D5j000001uVaT');
    assert.equal(form.get('email'), 'giulia.bianchi@example.com');
    await context.close();
  });

  test('the lean module is requested while the campaign file is still on its way', async () => {
    site.page('/by-url', `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>t</title>
      <script src="/dist/magnete.js" defer></script></head><body>
      <magnete-widget campaign="/campaigns/seed-b2b.json"></magnete-widget></body></html>`, { 'Content-Security-Policy': STRICT_CSP });
    const { context, page: p } = await newPage(browser);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await p.route('**/campaigns/seed-b2b.json', async (route) => {
      await held;
      await route.continue();
    });
    const core = p.waitForRequest('**/dist/magnete-core.wasm');
    await p.goto(`${site.url}/by-url`);
    await core; // the campaign is held: only a request made before it answers gets here
    release();
    await waitForMagneteEvent(p, 'ready');
    assert.deepEqual(await cores(p), ['magnete-core.wasm']);
    await context.close();
  });

  test('an invalid campaign: the full module reports every error with its path', async () => {
    const { context, p } = await open('invalid', { ...seed, scorng: {}, fields: [{ ...seed.fields[0], type: 'emial' }] });
    const detail = await waitForMagneteEvent(p, 'error');
    assert.deepEqual(detail.errors.slice(0, 2), [
      { path: 'fields[0].type', message: 'expected "text", "email", "tel", "number", "select", "radio", "checkbox", "textarea" or "hidden", got "emial"; did you mean "email"?' },
      { path: 'scorng', message: 'unknown key; did you mean "scoring"?' },
    ]);
    assert.deepEqual(await cores(p), ['magnete-core-full.wasm', 'magnete-core.wasm']);
    await context.close();
  });
});
