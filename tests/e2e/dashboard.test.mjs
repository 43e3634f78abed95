// The dashboard's forwarding section, in Chromium: a lead whose webhook refused it is a dead
// letter the dashboard lists with the receiver's words (as text, never markup), and its button
// sends it again, signed as the README tells receivers to check.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { campaignsDir, launchBrowser, newPage, startCollector } from './harness.mjs';

const SECRET = 'e2e-webhook-secret-0123456789abcdef';

// The README's check, as a receiver writes it.
function verify(rawBody, header, secret, toleranceS = 300) {
  const { t, v1 } = Object.fromEntries(header.split(',').map((kv) => kv.split('=')));
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > toleranceS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// A webhook receiver that refuses (400, with markup in its answer) until told to accept.
function startReceiver() {
  const state = { accept: false, received: [], refused: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk) => { body += chunk; }).on('end', () => {
      if (!state.accept) {
        state.refused++;
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end('unknown field <img src=x onerror="window.pwned=1">');
        return;
      }
      state.received.push({ body, headers: req.headers });
      res.writeHead(200).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    state, url: `http://127.0.0.1:${server.address().port}/hook`, close: () => server.close(),
  })));
}

async function until(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('dashboard: forwarding', () => {
  let receiver;
  let collector;
  let browser;
  let folder;
  before(async () => {
    receiver = await startReceiver();
    folder = mkdtempSync(path.join(tmpdir(), 'magnete-e2e-forward-'));
    const campaigns = path.join(folder, 'campaigns');
    mkdirSync(campaigns);
    for (const file of readdirSync(campaignsDir)) copyFileSync(path.join(campaignsDir, file), path.join(campaigns, file));
    const seed = JSON.parse(readFileSync(path.join(campaigns, 'seed-b2b.json'), 'utf8'));
    seed.forward = [{ id: 'hook', format: 'webhook', when: 'all', endpoint: receiver.url, secret: 'hook' }];
    writeFileSync(path.join(campaigns, 'seed-b2b.json'), JSON.stringify(seed));
    const config = path.join(folder, 'collector.json');
    writeFileSync(config, JSON.stringify({ secrets: { hook: SECRET }, forward_poll_ms: 50, forward_backoff_ms: 50 }));
    collector = await startCollector({ campaigns, args: ['--config', config] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await collector?.stop();
    receiver?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('a refused lead is listed as a dead letter, as text, and the button sends it again, signed', async () => {
    // A lead captured by the pre-rendered form without script: scored by the collector itself.
    const form = new URLSearchParams({
      mg_version: '1', mg_locale: 'it', mg_variant: '', mg_hp: '', email: 'anna.verdi@example.com',
      first_name: 'Anna', job_title: 'Founder', sector: 'fitness', company_size: '120', age: '30',
      'consent:privacy': 'on',
    });
    const posted = await fetch(`${collector.url}/v1/forms/seed-b2b`, { method: 'POST', body: form, redirect: 'manual' });
    assert.equal(posted.status, 303);
    const auth = { Authorization: `Bearer ${collector.token}` };
    const dead = await until('the dead letter', async () => {
      const outbox = await (await fetch(`${collector.url}/v1/outbox?status=dead`, { headers: auth })).json();
      return outbox.entries.length === 1 && outbox.entries[0];
    });
    assert.equal(dead.last_status, 400);
    assert.equal(receiver.state.refused, 1, 'a 400 is final: no retry');
    const [lead] = (await collector.leads()).leads;
    assert.equal(dead.lead_id, lead.id);
    assert.deepEqual(lead.forwarding.map((f) => [f.destination, f.status]), [['hook', 'dead']]);

    const { page } = await newPage(browser);
    await page.goto(`${collector.url}/dashboard/`);
    await page.getByLabel('Access token').fill(collector.token);
    await page.getByRole('button', { name: 'Show' }).click();
    const row = page.locator('#dead-letters tbody tr');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[1], lead.id);
    assert.equal(cells[3], 'hook');
    assert.equal(cells[5], 'HTTP 400: unknown field <img src=x onerror="window.pwned=1">');
    assert.equal(await page.locator('#dead-letters img').count(), 0, "the receiver's words are text");
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.match(await page.locator('#forwarding-counts').textContent(), /0 sent, 0 waiting or retrying, 1 dead letters/);

    receiver.state.accept = true;
    await page.getByRole('button', { name: 'Send the dead letters again' }).click();
    const [delivery] = await until('the replayed lead', () => receiver.state.received.length && receiver.state.received);
    assert.ok(verify(delivery.body, delivery.headers['magnete-signature'], SECRET), delivery.headers['magnete-signature']);
    assert.ok(!verify(delivery.body.replace('Anna', 'Anne'), delivery.headers['magnete-signature'], SECRET));
    assert.equal(delivery.headers['idempotency-key'], lead.id);
    const sent = JSON.parse(delivery.body);
    assert.equal(sent.id, lead.id);
    assert.deepEqual(sent.assessment, lead.assessment, "the collector's own assessment");
    await until('the entry recorded as sent', async () => (await collector.leads()).leads[0].forwarding[0].status === 'sent');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('#forwarding-counts', { hasText: '1 sent, 0 waiting or retrying, 0 dead letters' }).waitFor();
    assert.equal(await page.locator('#dead-letters tbody tr').count(), 0);
    assert.equal(await page.locator('#replay').isHidden(), true);
  });
});
