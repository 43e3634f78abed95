// The page cost of the widget, measured side by side in one run under 4x CPU slowdown (Chrome
// DevTools Protocol): the ebook demo page three ways, in turn, RUNS times each:
//   plain        the same fields as a plain HTML form, no script (the baseline)
//   pre-rendered the page as make builds it (build/site): the widget's markup in the page
//                (web/prerender.mjs), adopted by the script at idle; the recommended embed
//   script-only  the page as written (demo/): the script renders the form
// Each page is measured in a new browser context (an empty cache) whose renderer has just shown a
// blank page of the same site, so that the process's start-up is in no figure.
// For each: when the first field can be typed in (the first frame that shows it), when the core
// is ready, layout shift, and the widget's share of the main thread, from Long Animation Frame
// script attribution (every script entry whose source is one of web/dist's files): its longest
// task, and its total blocking time (per long frame, the blocking part the widget's scripts
// account for). Prints medians, the ratio of the medians to the plain form's, and the median of
// the ratios run by run (each round loads the three pages in turn, so a round's ratio compares
// pages loaded under the same load). Nothing here is asserted: the machine is shared (README,
// "The page with and without the widget").
//   node tests/bench/page-bench.mjs [RUNS]        (default 15; needs make build)
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

import { demoDir, launchBrowser, root, siteDir, startCollector } from '../e2e/harness.mjs';

const runs = Number(process.argv[2] || 15);
const loadBefore = loadavg()[0];
const site = mkdtempSync(path.join(tmpdir(), 'magnete-bench-'));
cpSync(siteDir, site, { recursive: true });

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
const source = readFileSync(path.join(demoDir, 'ebook/index.html'), 'utf8');
const plain = source
  .replace('<script src="/dist/magnete.js" defer></script>', '')
  .replace(/<magnete-widget[^>]*><\/magnete-widget>/, `<form><h2>${label(campaign.title)}</h2>${fields}${consents}<button>${label(campaign.submit_label)}</button></form>`);
for (const [name, html] of [['ebook-plain', plain], ['ebook-script', source]]) {
  cpSync(path.join(site, 'ebook'), path.join(site, name), { recursive: true });
  writeFileSync(path.join(site, name, 'index.html'), html);
}

writeFileSync(path.join(site, 'bench-blank.html'), '<!doctype html><title>blank</title>');
const collector = await startCollector({ staticDir: site });
const browser = await launchBrowser();

async function measure(url, widget) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  const cdp = await context.newCDPSession(p);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await p.addInitScript(() => {
    window.__bench = { frames: [], cls: 0, typable: null, ready: null };
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        window.__bench.frames.push({ duration: e.duration, blocking: e.blockingDuration,
          scripts: e.scripts.map((s) => ({ source: s.sourceURL, duration: s.duration })) });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__bench.cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
    document.addEventListener('magnete:ready', () => { window.__bench.ready = performance.now(); });
    const poll = () => {
      const host = document.querySelector('magnete-widget');
      const input = host ? host.shadowRoot?.querySelector('input[name=email]') : document.querySelector('form input');
      if (input && input.getBoundingClientRect().height > 0) window.__bench.typable = performance.now();
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
  // A blank page of the same site first: the renderer process is up and throttled before the
  // page measured starts (else its start-up, sometimes unthrottled, is part of every figure).
  await p.goto(new URL('/bench-blank.html', url).href);
  await p.goto(url, { waitUntil: 'load' });
  await p.waitForFunction(() => window.__bench.typable !== null, null, { timeout: 30000 });
  if (widget) await p.waitForFunction(() => window.__bench.ready !== null, null, { timeout: 30000 });
  await p.waitForTimeout(500);
  const result = await p.evaluate(() => window.__bench);
  await context.close();
  const ours = (s) => s.source.includes('/dist/magnete');
  const widgetScripts = result.frames.flatMap((f) => f.scripts.filter(ours));
  return {
    typable: result.typable,
    ready: result.ready,
    cls: result.cls,
    longest: Math.max(0, ...result.frames.map((f) => f.duration)),
    tbt: result.frames.reduce((sum, f) => sum + f.blocking, 0),
    widgetLongest: Math.max(0, ...widgetScripts.map((s) => s.duration)),
    widgetTbt: result.frames.reduce((sum, f) => sum + Math.min(f.blocking,
      f.scripts.filter(ours).reduce((a, s) => a + s.duration, 0)), 0),
  };
}

const pages = [['plain form', 'ebook-plain', false], ['pre-rendered widget', 'ebook', true], ['script-only widget', 'ebook-script', true]];
const results = Object.fromEntries(pages.map(([name]) => [name, []]));
// Each round starts with the next page in turn (plain, pre-rendered, script-only; then
// pre-rendered, script-only, plain; ...), so that no page always follows the same one.
for (let i = 0; i < runs; i++) {
  for (let k = 0; k < pages.length; k++) {
    const [name, dir, widget] = pages[(i + k) % pages.length];
    results[name].push(await measure(`${collector.url}/${dir}/`, widget));
  }
}
await browser.close();
await collector.stop();
rmSync(site, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => (x === null || x === undefined ? '–' : `${x.toFixed(0)} ms`);
const base = median(results['plain form'].map((r) => r.typable));
console.log(`page-bench: ebook page, 4x CPU slowdown, median of ${runs} runs each (interleaved); ` +
  `${cpus().length} cores, load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
console.log('| page | typable | vs plain | vs plain, per round | core ready | longest frame | TBT | widget TBT | widget longest task | CLS (max) |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const [name, , widget] of pages) {
  const rs = results[name];
  const m = (key) => median(rs.map((r) => r[key]));
  const paired = median(rs.map((r, i) => r.typable / results['plain form'][i].typable));
  console.log(`| ${name} | ${ms(m('typable'))} | ${(m('typable') / base).toFixed(2)}x | ${paired.toFixed(2)}x | ${widget ? ms(m('ready')) : '–'} | ` +
    `${ms(m('longest'))} | ${ms(m('tbt'))} | ${widget ? ms(m('widgetTbt')) : '–'} | ${widget ? ms(m('widgetLongest')) : '–'} | ` +
    `${Math.max(...rs.map((r) => r.cls)).toFixed(4)} |`);
}
const spread = (name) => {
  const xs = results[name].map((r) => r.typable).sort((a, b) => a - b);
  return `${xs[0].toFixed(0)}–${xs[xs.length - 1].toFixed(0)} ms`;
};
console.log(`typable, range over the runs: ${pages.map(([name]) => `${name} ${spread(name)}`).join('; ')}`);
