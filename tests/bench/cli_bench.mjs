// Times `magnete score CAMPAIGN -` on N generated leads piped to its stdin (no temp file):
// the whole CLI path, reading, parsing, scoring and writing JSONL (to /dev/null).
//   node tests/bench/cli_bench.mjs [--leads N] [--json FILE]
// Needs build/bench/bin/magnete and the workload of `bench_engine --write-workload` (run.sh
// builds both). The lines cycle through the 4096 of build/bench/workload/leads.jsonl.
import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const benchDir = process.env.MAGNETE_BENCH_DIR || path.join(root, 'build/bench');
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const leads = Number(option('--leads', 1_000_000));
const jsonOut = option('--json', '');

const workload = path.join(benchDir, 'workload');
const pool = readFileSync(path.join(workload, 'leads.jsonl'));
const poolLines = pool.toString('utf8').split('\n').filter(Boolean).length;
const now = readFileSync(path.join(workload, 'now.txt'), 'utf8').trim();

const started = performance.now();
const child = spawn(path.join(benchDir, 'bin/magnete'),
  ['score', path.join(workload, 'campaign.json'), '-', '--now', now],
  { stdio: ['pipe', openSync('/dev/null', 'w'), 'pipe'] });
let stderr = '';
child.stderr.on('data', (chunk) => { stderr += chunk; });
const exited = new Promise((resolve) => child.on('close', resolve));

// Whole pools while they fit, then the first lines of one more.
let sent = 0;
while (sent < leads) {
  let chunk = pool;
  if (leads - sent < poolLines) {
    const lines = pool.toString('utf8').split('\n').slice(0, leads - sent);
    chunk = Buffer.from(`${lines.join('\n')}\n`);
  }
  sent += Math.min(poolLines, leads - sent);
  if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
}
child.stdin.end();
const code = await exited;
const seconds = (performance.now() - started) / 1000;
if (code !== 0) {
  console.error(`magnete score exited ${code}\n${stderr}`);
  process.exit(1);
}
const result = { leads, seconds: Number(seconds.toFixed(2)), leads_per_s: Math.round(leads / seconds) };
console.log(`magnete score: ${leads} leads in ${result.seconds} s = ${result.leads_per_s} leads/s`);
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result)}\n`);
