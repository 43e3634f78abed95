// No campaign or visitor text ever reaches innerHTML: XSS payloads from the public naughty-
// strings corpus go through every label, help text, option, question, answer, outcome,
// consent, title, offer and field value. Nothing may run, no unexpected element may appear,
// and every payload must show verbatim, as text.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { corpusFile, launchBrowser, newPage, startCollector, waitForMagneteEvent } from './harness.mjs';
import { startSite } from './site.mjs';

const naughty = JSON.parse(readFileSync(corpusFile('naughty-strings/blns.json'), 'utf8'));
// The script-injection section, plus payloads that would leave a trace if they ran.
const payloads = [
  ...naughty.filter((s) => /<script|onerror=|javascript:|<img|<svg/i.test(s) && s.length < 300),
  '<img src=x onerror="window.__pwned=1">', '<svg onload="window.__pwned=1">', '"><script>window.__pwned=1</script>',
  "'><iframe src=javascript:window.__pwned=1>", '<a href="javascript:window.__pwned=1">x</a>',
];
const pick = (i) => payloads[i % payloads.length];

const ALLOWED = new Set(['FORM', 'FIELDSET', 'LEGEND', 'DIV', 'P', 'LABEL', 'INPUT', 'SELECT', 'OPTION', 'TEXTAREA',
  'BUTTON', 'H2', 'PROGRESS', 'SECTION', 'ASIDE', 'A', 'SPAN', 'SLOT', 'LINK']);

// A valid campaign whose every visible text is a payload (offset shifts which ones).
function hostileCampaign(offset) {
  let i = offset;
  const t = () => ({ it: pick(i++), en: pick(i++) });
  return {
    id: `xss-${offset}`, version: '1', default_locale: 'it', locales: ['it', 'en'],
    title: t(), submit_label: t(), success_text: t(),
    fields: [
      { name: 'email', type: 'email', required: true, label: t(), help: t(), placeholder: t() },
      { name: 'first_name', type: 'text', label: t(), help: t() },
      { name: 'notes', type: 'textarea', label: t() },
      { name: 'size', type: 'select', label: t(), options: [{ value: 'a', label: t() }, { value: 'b', label: t() }] },
      { name: 'channel', type: 'radio', label: t(), options: [{ value: 'x', label: t() }, { value: 'y', label: t() }] },
      { name: 'tools', type: 'checkbox', label: t(), options: [{ value: 'crm', label: t() }] },
      { name: 'terms', type: 'checkbox', label: t() },
    ],
    consents: [{ id: 'privacy', required: true, version: '1', text: t() }, { id: 'news', version: '1', text: t() }],
    quiz: {
      gate: 'before_result',
      outcomes: [{ id: 'one', title: t(), body: t() }, { id: 'two', title: t(), body: t() }],
      questions: [{ id: 'q', text: t(), answers: [{ id: 'a1', text: t(), outcomes: { one: 1 } }, { id: 'a2', text: t(), outcomes: { two: 1 } }] }],
    },
    scoring: { stages: [{ id: 'lead', require: ['email', 'consent:privacy'] }] },
    triggers: [{ id: 'offer', when: { stage: 'lead' }, offer: { title: t(), body: t(), cta: t(), url: '/x' } }],
    delivery: { endpoint: '/v1/leads' },
    content: { url: '/asset', label: t() },
  };
}

// A campaign holds 62 texts; four passes shift the payloads across them, so that together
// they use every one.
const OFFSETS = [0, 62, 124, 186];

// The collector stores leads of the campaigns it knows only (an unknown one is refused): each
// pass's campaign is in its folder, as a site's campaigns are.
const campaigns = mkdtempSync(path.join(tmpdir(), 'magnete-safety-'));
for (const offset of OFFSETS) {
  writeFileSync(path.join(campaigns, `xss-${offset}.json`), JSON.stringify(hostileCampaign(offset)));
}

describe('safety: hostile text never becomes markup', () => {
  let collector;
  let site;
  let browser;
  before(async () => {
    collector = await startCollector({ campaigns });
    site = await startSite(collector.url);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await collector?.stop();
    rmSync(campaigns, { recursive: true, force: true });
  });

  for (const offset of OFFSETS) {
    test(`payloads ${offset}+ through every campaign text and field value`, async () => {
      const campaign = hostileCampaign(offset);
      const json = JSON.stringify(campaign).replace(/</g, '\\u003c');
      site.page(`/xss-${offset}`, `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>x</title>
        <script src="/dist/magnete.js" defer></script></head><body><p id="host">host</p>
        <magnete-widget campaign="#c"></magnete-widget><script type="application/json" id="c">${json}</script></body></html>`);
      const { context, page } = await newPage(browser);
      const dialogs = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
      await page.goto(`${site.url}/xss-${offset}`);
      await waitForMagneteEvent(page, 'ready');
      const widget = page.locator('magnete-widget');
      const before = await page.evaluate(() => document.querySelectorAll('script, img, svg, iframe').length);

      // The quiz question and answers, as text.
      await page.getByText(campaign.quiz.questions[0].text.it, { exact: true }).waitFor();
      await page.getByLabel(campaign.quiz.questions[0].answers[0].text.it, { exact: true }).check();
      await widget.evaluate((el) => el.shadowRoot.querySelector('.mg-quiz .mg-next').click());
      // Every field: visitor text that is itself a payload.
      await page.getByLabel(campaign.fields[0].label.it, { exact: true }).fill('safe@example.com');
      await page.getByLabel(`${campaign.fields[1].label.it} (facoltativo)`, { exact: true }).fill(pick(offset + 7));
      await page.getByLabel(`${campaign.fields[2].label.it} (facoltativo)`, { exact: true }).fill(pick(offset + 8));
      await page.getByLabel(campaign.fields[3].options[1].label.it, { exact: false }).count(); // options render as text
      await page.getByText(campaign.consents[0].text.it, { exact: true }).click();
      await widget.evaluate((el) => el.shadowRoot.querySelector('.mg-submit').click());
      const submitted = await waitForMagneteEvent(page, 'submit');
      assert.equal(submitted.payload.contact.first_name, pick(offset + 7).trim());

      // The success view: the outcome, the success text, the offer, the asset link, as text.
      await page.getByText(campaign.success_text.it, { exact: true }).waitFor();
      const shown = await widget.evaluate((el) => el.shadowRoot.textContent);
      for (const text of [campaign.quiz.outcomes[0].title.it, campaign.quiz.outcomes[0].body.it,
        campaign.triggers[0].offer.title.it, campaign.content.label.it]) {
        assert.ok(shown.includes(text.trim()), `shown verbatim: ${text}`);
      }
      const tags = await widget.evaluate((el) => [...el.shadowRoot.querySelectorAll('*')].map((n) => n.tagName));
      assert.deepEqual([...new Set(tags.filter((tag) => !ALLOWED.has(tag)))], []);
      const links = await widget.evaluate((el) => [...el.shadowRoot.querySelectorAll('a')].map((a) => a.protocol));
      assert.ok(links.every((p) => p === 'http:'), `links: ${links}`);
      await page.waitForTimeout(200);
      assert.deepEqual(dialogs, []);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await page.evaluate(() => document.querySelectorAll('script, img, svg, iframe').length), before);
      await context.close();
    });
  }
});
