// wasm/small_libc.cpp replaces Emscripten's strtod and snprintf in the modules (nlohmann reads
// every decimal through strtod): on a short generated list (~6,500 decimal strings: random,
// halfway between doubles, subnormals, overflow, long inputs, odd endings, then the fixed edge
// cases) it must agree with Emscripten's own musl to the bit, end pointer and ERANGE.
// wasm/check/run.sh runs ~640,000.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { root } from './core.mjs';

test('small_libc strtod and snprintf agree with musl case by case', () => {
  const check = path.join(root, 'build/wasm/check/libc-check.cjs');
  assert.ok(existsSync(check), `${check} is not built (make wasm)`);
  const cases = path.join(mkdtempSync(path.join(tmpdir(), 'magnete-libc-')), 'cases.txt');
  execFileSync('python3', [path.join(root, 'wasm/check/cases.py'), '1', cases, '2000']);
  const out = execFileSync(process.execPath, ['--no-experimental-fetch', check, cases], { encoding: 'utf8' });
  console.log(out.trim());
  assert.match(out, / 0 mismatches/);
});
