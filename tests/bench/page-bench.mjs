// Compares a demo page with the widget against the same page with a plain HTML form of the
// same fields, in one run, under 4x CPU slowdown (Chrome DevTools Protocol): time until the
// first field can be typed in, the same with the core ready (widget only), long tasks and
// cumulative layout shift. Prints the medians and the ratio.
//   node tests/bench/page-bench.mjs [RUNS]        (default 7 runs per page; needs make build)
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { demoDir, launchBrowser, root, startCollector } from '../e2e/harness.mjs';

const runs = Number(process.argv[2] || 7);
const site = mkdtempSync(path.join(tmpdir(), 'magnete-bench-'));
cpSync(demoDir, site, { recursive: true });

// The baseline: the ebook page with the widget replaced by a plain form of the same fields.
const campaign = JSON.parse(readFileSync(path.join(root, 'demo/campaigns/seed-b2b.json'), 'utf8'));
const label = (t) => (typeof t === 'string' ? t : t?.it ?? '');
const fields = campaign.fields.map((f) => {
  const id = `f-${f.name}`;
  const control = f.type === 'select'
    ? `<select id="${id}" name="${f.name}"><option value="">Scegli…</option>${f.options.map((o) => `<option>${label(o.label)}</option>`).join('')}</select>`
    : `<input id="${id}" name="${f.name}" type="${f.type === 'number' ? 'text' : f.type}">`;
  return `<p><label for="${id}">${label(f.label)}</label><br>${control}</p>`;
}).join('\n');
const consents = campaign.consents.map((c) => `<p><input type="checkbox" id="c-${c.id}"> <label for="c-${c.id}">${label(c.text)}</label></p>`).join('\n');
const page = readFileSync(path.join(demoDir, 'ebook/index.html'), 'utf8')
  .replace('<script src="/dist/magnete.js" defer></script>', '')
  .replace(/<magnete-widget[^>]*><\/magnete-widget>/, `<form><h2>${label(campaign.title)}</h2>${fields}${consents}<button>${label(campaign.submit_label)}</button></form>`);
cpSync(path.join(site, 'ebook'), path.join(site, 'ebook-plain'), { recursive: true });
writeFileSync(path.join(site, 'ebook-plain/index.html'), page);

const collector = await startCollector({ staticDir: site });
const browser = await launchBrowser();

async function measure(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  const cdp = await context.newCDPSession(p);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await p.addInitScript(() => {
    window.__bench = { longTasks: [], cls: 0, typable: null, ready: null };
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__bench.cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
    document.addEventListener('magnete:ready', () => { window.__bench.ready = performance.now(); });
    const poll = () => {
      const widget = document.querySelector('magnete-widget');
      const input = widget ? widget.shadowRoot?.querySelector('input:not([type=hidden])') : document.querySelector('form input');
      if (input && input.getBoundingClientRect().height > 0) window.__bench.typable = performance.now();
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
  await p.goto(url, { waitUntil: 'load' });
  await p.waitForFunction(() => window.__bench.typable !== null, null, { timeout: 20000 });
  if (url.includes('/ebook/')) await p.waitForFunction(() => window.__bench.ready !== null, null, { timeout: 20000 });
  await p.waitForTimeout(300);
  const result = await p.evaluate(() => {
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    return { ...window.__bench, rendered: mark('magnete:rendered') };
  });
  await context.close();
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { widget: [], plain: [] };
for (let i = 0; i < runs; i++) {
  results.plain.push(await measure(`${collector.url}/ebook-plain/`));
  results.widget.push(await measure(`${collector.url}/ebook/`));
}
await browser.close();
await collector.stop();
rmSync(site, { recursive: true, force: true });

const summary = (rs) => ({
  typable: median(rs.map((r) => r.typable)),
  rendered: rs[0].rendered === null ? null : median(rs.map((r) => r.rendered)),
  ready: rs[0].ready === null ? null : median(rs.map((r) => r.ready)),
  longest: median(rs.map((r) => Math.max(0, ...r.longTasks))),
  longTotal: median(rs.map((r) => r.longTasks.reduce((a, b) => a + b, 0))),
  cls: Math.max(...rs.map((r) => r.cls)),
});
const w = summary(results.widget);
const b = summary(results.plain);
const ms = (x) => (x === null ? '–' : `${x.toFixed(0)} ms`);
console.log(`page-bench: ebook page, 4x CPU slowdown, median of ${runs} runs`);
console.log(`  plain HTML form: typable at ${ms(b.typable)}; longest task ${ms(b.longest)}, long tasks ${ms(b.longTotal)} in all; CLS ${b.cls.toFixed(4)}`);
console.log(`  with the widget: form rendered at ${ms(w.rendered)}, typable at ${ms(w.typable)}, core ready at ${ms(w.ready)}; longest task ${ms(w.longest)}, long tasks ${ms(w.longTotal)} in all; CLS ${w.cls.toFixed(4)}`);
console.log(`  ratio (widget / plain), time until the form can be typed in: ${(w.typable / b.typable).toFixed(2)}x`);
