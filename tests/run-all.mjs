// Runs every suite and ends with one line "N passed, N failed" over all of them.
//   GoogleTest through CTest (core, collector, CLI), the wasm module under node (parity),
//   end-to-end tests in headless Chromium, and a short libFuzzer run of each fuzz target
//   (tests/fuzz/run.sh, ~20 s; one test per target). Exit status 1 when anything failed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: process.env, ...options });
    let output = '';
    const tee = (stream, sink) => stream.on('data', (chunk) => {
      output += chunk;
      sink.write(chunk);
    });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function ctest() {
  const { code, output } = await run('ctest', ['--test-dir', 'build/native', '--output-on-failure',
    '--timeout', '300', '-j', '2']);
  const m = output.match(/(\d+)% tests passed, (\d+) tests? failed out of (\d+)/);
  if (!m) return { name: 'GoogleTest (CTest)', passed: 0, failed: 1, note: `ctest exited ${code}` };
  const total = Number(m[3]);
  const failed = Number(m[2]);
  return { name: 'GoogleTest (CTest)', passed: total - failed, failed };
}

async function nodeSuite(name, dir) {
  const files = readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.test.mjs'))
    .map((f) => path.join(dir, f));
  if (!files.length) return { name, passed: 0, failed: 0 };
  const tap = path.join(mkdtempSync(path.join(tmpdir(), 'magnete-tap-')), 'results.tap');
  const { code } = await run(process.execPath, ['--test', '--test-reporter=spec',
    '--test-reporter=tap', '--test-reporter-destination=stdout', `--test-reporter-destination=${tap}`,
    '--test-concurrency=1', ...files]);
  const output = readFileSync(tap, 'utf8');
  const pass = output.match(/^# pass (\d+)/m);
  const fail = output.match(/^# fail (\d+)/m);
  if (!pass || !fail) return { name, passed: 0, failed: 1, note: `node --test exited ${code}` };
  return { name, passed: Number(pass[1]), failed: Number(fail[1]) + (code !== 0 && !Number(fail[1]) ? 1 : 0) };
}

// Each fuzz target for ~20 s (all three at once); a crash, timeout or leak is a failed test and
// leaves its reproducer in build/fuzz/artifacts/.
async function fuzzSuite(name, seconds) {
  const { code, output } = await run('bash', ['tests/fuzz/run.sh', String(seconds), '3']);
  const passed = (output.match(/^fuzz: \S+ passed,/gm) || []).length;
  const failed = (output.match(/^fuzz: \S+ FAILED/gm) || []).length;
  if (passed + failed === 0) return { name, passed: 0, failed: 1, note: `run.sh exited ${code}` };
  return { name, passed, failed: failed || (code !== 0 ? 1 : 0) };
}

const started = Date.now();
const results = [];
console.log('\n== GoogleTest (core, collector, CLI) through CTest');
results.push(await ctest());
console.log('\n== wasm module under node (parity with native, schema)');
results.push(await nodeSuite('wasm (node)', 'tests/wasm'));
console.log('\n== widget units and budgets under node');
results.push(await nodeSuite('web (node)', 'tests/web'));
console.log('\n== end-to-end in headless Chromium');
results.push(await nodeSuite('end-to-end (chromium)', 'tests/e2e'));
console.log('\n== fuzz (libFuzzer), each target ~20 s');
results.push(await fuzzSuite('fuzz (libFuzzer)', 20));

console.log('\n== summary');
for (const r of results) {
  console.log(`   ${r.name}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
