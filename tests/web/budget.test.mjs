// The size budget of what a visitor downloads on first use: magnete.js (the styles are inside
// it) and magnete-core.wasm, gzipped at level 9. Prints the figures; fails on a regression.
//
// The target is 80 KB. It is NOT met: 89.6 KB (magnete.js 19.6 KB + wasm 70.0 KB),
// down from 104.9 KB. What is left: the widget ~12 KB and embind's JS runtime ~7.5 KB; in the
// wasm ~60 KB of code (the engine, contact checks, payload formats and lead reader ~19 KB, the
// campaign reader and schema validator ~14 KB, nlohmann's parser and serializer ~8 KB, libc++
// ~7 KB, embind's C++ side and the call wrappers ~6 KB, malloc and C++ ABI ~2.5 KB) and ~10 KB
// of data (the error messages, which the tests compare, and the embedded schema). The limit
// below is the figure reached plus a small margin, so that growth is caught.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET_BYTES = 80 * 1024;
const LIMIT_BYTES = 91 * 1024;

const gz = (file) => gzipSync(readFileSync(path.join(root, 'web/dist', file)), { level: 9 }).length;

test('first use: magnete.js + magnete-core.wasm gzipped stay within the regression limit', () => {
  const js = gz('magnete.js');
  const wasm = gz('magnete-core.wasm');
  const total = js + wasm;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`budget: magnete.js ${kb(js)} + magnete-core.wasm ${kb(wasm)} = ${kb(total)} gzipped ` +
    `(target ${kb(TARGET_BYTES)}: ${total <= TARGET_BYTES ? 'met' : 'NOT met'}; limit ${kb(LIMIT_BYTES)})`);
  assert.ok(total <= LIMIT_BYTES, `${kb(total)} is over the ${kb(LIMIT_BYTES)} limit`);
});

test('the styles travel inside magnete.js: no extra request before first render', () => {
  const js = readFileSync(path.join(root, 'web/dist/magnete.js'), 'utf8');
  assert.ok(js.includes('--magnete-accent'), 'the widget CSS is bundled');
});
