// The engine workloads in WebAssembly under node, next to their native figures.
//   node tests/bench/wasm_bench.mjs [--native-json FILE] [--cli-json FILE] [--leads N]
// Three ways of running the same work (workload.hpp, the files of build/bench/workload):
//   calls      build/wasm/node/magnete-core.cjs as the widget uses it: open(campaign), then
//              addEvent(h, json), assess(h, iso); assessLead(campaign, lead, now). Every call also
//              pays JSON text and string conversion; its native counterpart is Session/*.
//   wasm loop  engine_loop.cpp compiled by Emscripten (build/bench/wasm-loop, the core built
//              like the shipped module, -Oz; and wasm-loop-o2 at -O2 for reference), timed
//              inside wasm: the compiled engine alone, apples to apples with
//   native     engine_loop (same source, same timing loop) and bench_engine (Google
//              Benchmark; run here with --benchmark_format=json unless --native-json).
// Wall-clock times, median of three rounds of >= 0.3 s. Prints a table; writes it as JSON to
// build/bench/results.json. MAGNETE_WASM_NODE_DIR overrides build/wasm/node.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { openEngine } from '../wasm/core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const benchDir = process.env.MAGNETE_BENCH_DIR || path.join(root, 'build/bench');
const wasmNodeDir = process.env.MAGNETE_WASM_NODE_DIR || path.join(root, 'build/wasm/node');
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const loopLeads = Number(option('--leads', 20000));
const log = (line) => process.stderr.write(`${line}\n`);

// ---- workload files ---------------------------------------------------------------------
const workload = path.join(benchDir, 'workload');
if (!existsSync(path.join(workload, 'leads.jsonl'))) {
  execFileSync(path.join(benchDir, 'bin/bench_engine'), [`--write-workload=${workload}`]);
}
const read = (file) => readFileSync(path.join(workload, file), 'utf8');
const lines = (file) => read(file).split('\n').filter(Boolean);
const campaigns = { 0: read('campaign.json'), 1: read('campaign-decay.json') };
const stream = lines('events.jsonl');
const assessEvents = lines('assess-events.jsonl');
const contact = JSON.parse(read('assess-contact.json')).contact;
const consent = read('assess-consent.json');
const pool = lines('leads.jsonl');
const now = read('now.txt').trim();

// ---- timing, as engine_loop.cpp does it ----------------------------------------------------
function measure(batch, rounds = 3, minMs = 300) {
  const perCall = [];
  for (let r = 0; r < rounds; ++r) {
    let ms = 0;
    let calls = 0;
    do {
      const b = batch();
      ms += b.ms;
      calls += b.calls;
    } while (ms < minMs);
    perCall.push((ms * 1e6) / calls);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)];
}

// ---- native: Google Benchmark and the loop -------------------------------------------------
function googleBenchmark() {
  const file = option('--native-json', '');
  const text = file ? readFileSync(file, 'utf8')
    : execFileSync(path.join(benchDir, 'bin/bench_engine'), ['--benchmark_format=json',
      '--benchmark_repetitions=3', '--benchmark_report_aggregates_only=true'],
    { maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
  const scale = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };
  const out = {};
  for (const b of JSON.parse(text).benchmarks) {
    if (b.run_type === 'aggregate' && b.aggregate_name !== 'median') continue;
    const name = b.run_name.replace(/\/iterations:.*$/, '');
    out[name] = { ns: b.real_time * scale[b.time_unit], leads_per_s: b.leads_per_s };
  }
  return out;
}

function parseLoop(text) {
  const out = {};
  for (const line of text.split('\n').filter((l) => l.startsWith('{"name"'))) {
    const r = JSON.parse(line);
    out[r.name] = r.ns_per_call;
  }
  return out;
}

async function wasmLoop(dir) {
  const file = path.join(dir, 'engine_loop.cjs');
  if (!existsSync(file)) return null;
  let text = '';
  await require(file)({
    wasmBinary: readFileSync(path.join(dir, 'engine_loop.wasm')),
    arguments: [`--leads=${loopLeads}`],
    print: (line) => { text += `${line}\n`; },
    printErr: (line) => log(line),
  });
  return parseLoop(text);
}

// ---- the module's calls (wasm/abi.mjs), as the widget makes them ---------------------------------------------------
async function moduleCalls() {
  const core = await require(path.join(wasmNodeDir, 'magnete-core.cjs'))(
    { wasmBinary: readFileSync(path.join(wasmNodeDir, 'magnete-core.wasm')) });
  const out = {};
  const small = openEngine(core, campaigns[0]);
  out['Session/status'] = measure(() => {
    const t0 = performance.now();
    for (let k = 0; k < 1000; ++k) small.status();
    return { ms: performance.now() - t0, calls: 1000 };
  });
  small.delete();
  for (const decay of [0, 1]) {
    out[`Session/add_event/decay:${decay}`] = measure(() => {
      const engine = openEngine(core, campaigns[decay]);
      const t0 = performance.now();
      for (const e of stream) engine.addEvent(e);
      const ms = performance.now() - t0;
      engine.delete();
      return { ms, calls: stream.length };
    });
    const engine = openEngine(core, campaigns[decay]);
    for (const e of assessEvents) engine.addEvent(e);
    for (const [name, value] of Object.entries(contact)) engine.setField(name, JSON.stringify(value), 'en');
    if (!JSON.parse(engine.setConsent(consent)).ok) throw new Error('setConsent failed');
    out[`Session/assess_50_events/decay:${decay}`] = measure(() => {
      const t0 = performance.now();
      for (let k = 0; k < 20; ++k) engine.assess(now);
      return { ms: performance.now() - t0, calls: 20 };
    });
    engine.delete();
  }
  out['Session/create'] = measure(() => {
    let ms = 0;
    for (let k = 0; k < 5; ++k) {
      const t0 = performance.now();
      const engine = openEngine(core, campaigns[0]);
      ms += performance.now() - t0;
      engine.delete();
    }
    return { ms, calls: 5 };
  });
  let next = 0;
  out['Session/assess_lead_json'] = measure(() => {
    const t0 = performance.now();
    for (let k = 0; k < 5; ++k) core.assessLead(campaigns[0], pool[next++ % pool.length], now);
    return { ms: performance.now() - t0, calls: 5 };
  });
  const first = JSON.parse(core.assessLead(campaigns[0], pool[0], now));
  if (!first.ok) throw new Error(`assessLead failed: ${JSON.stringify(first.errors)}`);
  return out;
}

// ---- report ---------------------------------------------------------------------------------
log('== native Google Benchmark (bench_engine)');
const gb = googleBenchmark();
log('== native loop (engine_loop)');
const nativeLoop = parseLoop(execFileSync(path.join(benchDir, 'bin/engine_loop'),
  [`--leads=${loopLeads}`]).toString());
log('== wasm loop (-Oz, as shipped)');
const wasmOz = await wasmLoop(path.join(benchDir, 'wasm-loop'));
log('== wasm loop (-O2, reference)');
const wasmO2 = await wasmLoop(path.join(benchDir, 'wasm-loop-o2'));
log(`== the module's calls (${path.relative(root, wasmNodeDir)})`);
const js = await moduleCalls();
const cliFile = option('--cli-json', '');
const cli = cliFile && existsSync(cliFile) ? JSON.parse(readFileSync(cliFile, 'utf8')) : null;

const fmt = (ns) => {
  if (ns == null) return '-';
  if (ns < 999.5) return `${ns.toFixed(0)} ns`;
  if (ns < 999.95e3) return `${(ns / 1e3).toFixed(ns < 9.995e3 ? 2 : 1)} µs`;
  return `${(ns / 1e6).toFixed(2)} ms`;
};
const ratio = (a, b) => (a == null || b == null ? '-' : `${(a / b).toFixed(1)}×`);
const rate = (ns) => (ns == null ? '-' : `${Math.round(1e9 / ns).toLocaleString('en')}/s`);
const pad = (cells, widths) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i])
  : String(c).padStart(widths[i]))).join('  ');
function table(title, header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  console.log(`\n${title}`);
  console.log(pad(header, widths));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(pad(r, widths));
}

const engineRows = [];
for (const [label, name] of [['add_event, no decay', 'Engine/add_event/decay:0'],
  ['add_event, decay', 'Engine/add_event/decay:1'],
  ['assess, 50 events, no decay', 'Engine/assess_50_events/decay:0'],
  ['assess, 50 events, decay', 'Engine/assess_50_events/decay:1']]) {
  engineRows.push([label, fmt(gb[name]?.ns), fmt(nativeLoop[name]), fmt(wasmOz?.[name]),
    ratio(wasmOz?.[name], nativeLoop[name]), fmt(wasmO2?.[name]), ratio(wasmO2?.[name], nativeLoop[name])]);
}
table('Engine (C++ API, 60-rule campaign): the compiled engine alone',
  ['workload', 'native GB', 'native loop', 'wasm -Oz', 'ratio', 'wasm -O2', 'ratio'], engineRows);

const jsonRows = [];
for (const [label, name] of [['status() (round trip)', 'Session/status'],
  ['addEvent(json), no decay', 'Session/add_event/decay:0'],
  ['addEvent(json), decay', 'Session/add_event/decay:1'],
  ['assess(iso), 50 events, no decay', 'Session/assess_50_events/decay:0'],
  ['assess(iso), 50 events, decay', 'Session/assess_50_events/decay:1'],
  ['new Engine(campaign)', 'Session/create'],
  ['assessLead(campaign, lead, now)', 'Session/assess_lead_json']]) {
  jsonRows.push([label, fmt(gb[name]?.ns ?? nativeLoop[name]), fmt(wasmOz?.[name]),
    ratio(wasmOz?.[name], nativeLoop[name]), fmt(js[name]), ratio(js[name], nativeLoop[name]),
    fmt(js[name] != null && wasmOz?.[name] != null ? js[name] - wasmOz[name] : null)]);
}
table('JSON-text API (Session natively, C ABI calls in wasm), per call',
  ['call', 'native', 'wasm loop', 'ratio', 'module calls', 'ratio', 'calls extra'], jsonRows);

const gbJsonl = Object.entries(gb).find(([n]) => n.startsWith('Jsonl/'))?.[1];
const throughput = [
  ['native, in process (Google Benchmark, 1M leads)', gbJsonl ? `${Math.round(gbJsonl.leads_per_s).toLocaleString('en')}/s` : '-'],
  [`native, magnete score via stdin${cli ? ` (${cli.leads.toLocaleString('en')} leads)` : ''}`, cli ? `${cli.leads_per_s.toLocaleString('en')}/s` : '-'],
  [`native loop (${loopLeads.toLocaleString('en')} leads)`, rate(nativeLoop['Jsonl/score_leads'])],
  [`wasm loop -Oz (${loopLeads.toLocaleString('en')} leads)`, rate(wasmOz?.['Jsonl/score_leads'])],
  [`wasm loop -O2 (${loopLeads.toLocaleString('en')} leads)`, rate(wasmO2?.['Jsonl/score_leads'])],
  ['module assessLead (campaign parsed per lead)', rate(js['Session/assess_lead_json'])],
];
table('Scoring leads from JSONL (parse line + load + assess + serialise)', ['path', 'leads'], throughput);
console.log(`\nwasm/native ratio of the JSONL loop: -Oz ${ratio(wasmOz?.['Jsonl/score_leads'], nativeLoop['Jsonl/score_leads'])}, -O2 ${ratio(wasmO2?.['Jsonl/score_leads'], nativeLoop['Jsonl/score_leads'])}`);

writeFileSync(path.join(benchDir, 'results.json'), `${JSON.stringify({
  google_benchmark: gb, native_loop: nativeLoop, wasm_loop_oz: wasmOz, wasm_loop_o2: wasmO2,
  calls: js, cli, leads_in_loops: loopLeads, node: process.version,
}, null, 1)}\n`);
