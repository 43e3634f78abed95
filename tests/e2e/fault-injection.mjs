// Fault injection: pushes leads (default 1000) through the widget's real outbox
// (web/src/outbox.js, run under node with the browser globals it needs stubbed) to the real
// collector behind the fault proxy of tests/e2e/site.mjs, which fails a share of the requests
// at random with a seeded mix of: connection cut, 500, 429 + Retry-After, a hang past the
// timeout, and an answer lost after the collector stored the lead. The leads are built by the
// core in WebAssembly (the node build), as the widget builds them. Then it counts, from the
// collector's own export, leads lost (never stored) and duplicated (stored twice).
//   node tests/e2e/fault-injection.mjs [LEADS] [FAULT_RATE] [SEED]     (defaults 1000 0.4 7)
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { loadCore, openEngine } from '../wasm/core.mjs';
import { campaignsDir, startCollector } from './harness.mjs';
import { startSite } from './site.mjs';

const count = Number(process.argv[2] || 1000);
const rate = Number(process.argv[3] || 0.4);
const run = Number(process.argv[4] || 7) >>> 0;
let seed = run;
const random = () => { // mulberry32: the same faults for the same seed
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// The browser globals the outbox touches, for node.
const listeners = new Map();
globalThis.window = {
  addEventListener: (type, fn) => listeners.set(type, fn), removeEventListener: () => {},
  localStorage: { getItem: () => null, setItem: () => {}, removeItem: () => {} },
};
globalThis.navigator ??= {};
globalThis.document = { dispatchEvent: () => {} };
globalThis.CustomEvent ??= class { constructor(type, init) { this.type = type; this.detail = init?.detail; } };
const { Outbox } = await import('../../web/src/outbox.js');

const campaignText = readFileSync(path.join(campaignsDir, 'seed-b2b.json'), 'utf8');
const core = await loadCore();
function lead(i) {
  const engine = openEngine(core, campaignText);
  const at = new Date(Date.UTC(2026, 10, 22, 9, 0, i % 60)).toISOString();
  engine.setField('email', JSON.stringify(`visitor${i}@example.com`), 'it');
  engine.setField('age', JSON.stringify(20 + (i % 40)), 'it');
  engine.setConsent(JSON.stringify({ id: 'privacy', granted: true, text: 'Ho letto', version: '2026-01', locale: 'it', at }));
  engine.addEvent(JSON.stringify({ type: 'page_view', at, value: '/ebook/' }));
  const built = JSON.parse(engine.buildPayload(JSON.stringify({ id: `fi-${run}-${i}`, locale: 'it' }), at));
  engine.delete();
  if (!built.ok) throw new Error(JSON.stringify(built.errors));
  return built.payload;
}

const collector = await startCollector();
const site = await startSite(collector.url);
site.chaos(rate, ['down', '500', '429', 'hang', 'lost'], random);
const started = Date.now();

// 25 visitors in parallel, each with its own outbox, like 25 browsers.
const visitors = 25;
const boxes = Array.from({ length: visitors }, () => new Outbox());
const pending = new Set();
const done = new Promise((resolve) => {
  for (let i = 0; i < count; i++) {
    const payload = lead(i);
    const box = boxes[i % visitors];
    pending.add(payload.id);
    box.watch(payload.id, {
      delivered: () => { pending.delete(payload.id); if (!pending.size) resolve(); },
      failed: (item, result) => { throw new Error(`${item.id} refused for good: ${result.status}`); },
    });
    box.add({ id: payload.id, url: `${site.url}/v1/leads`, body: JSON.stringify(payload),
      contentType: 'application/json', headers: {}, timeoutMs: 500 });
  }
});
await Promise.all(boxes.map((b) => b.flush()));
await done;
const seconds = (Date.now() - started) / 1000;

const { leads } = await collector.leads(`?limit=${count * 2}`);
const ids = leads.map((l) => l.id).filter((id) => id.startsWith(`fi-`));
const unique = new Set(ids);
let lost = 0;
for (let i = 0; i < count; i++) if (!unique.has(`fi-${run}-${i}`)) lost++;
const duplicated = ids.length - unique.size;
const posts = site.posts();
const faults = {};
for (const p of posts) if (p.fault) faults[p.fault] = (faults[p.fault] || 0) + 1;
for (const b of boxes) b.dispose();
await site.close();
await collector.stop();
console.log(`faults injected: ${JSON.stringify(faults)} in ${posts.length} requests`);
console.log(`fault-injection: ${count} leads, ${lost} lost, ${duplicated} duplicated, ${posts.length - count} retries, ${seconds.toFixed(1)} s`);
process.exit(lost || duplicated ? 1 : 0);
