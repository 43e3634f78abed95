// The size budget of what a visitor downloads on first use: magnete.js (the styles are inside
// it) and magnete-core.wasm, as the build ships them precompressed (web/build.mjs) and the
// collector serves them (src/collector/server.cpp). The target: <= 80 KB gzipped.
//
// Figures at the last change (2026-12-03): the shipped gzip (zopfli) is 15.5 + 62.7 = 78.3 KB,
// which meets the target; gzip -9 of the same files, what a server compressing on the fly at
// its best level sends, is 83.0 KB, which does not; brotli 11, what browsers take over HTTPS, is
// 71.6 KB. What the bytes are: the widget ~12 KB and embind's JS runtime ~4 KB; in the wasm
// ~57 KB of code (the engine, contact checks, payload formats and lead reader, the campaign
// reader and schema validator, nlohmann's parser and serializer, libc++, embind) and ~10 KB of
// data (the error messages, which the tests compare, and the embedded schema).
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (file) => path.join(root, 'web/dist', file);
const TARGET_BYTES = 80 * 1024;
const FIRST_USE = ['magnete.js', 'magnete-core.wasm'];
const SHIPPED = [...FIRST_USE, 'magnete.mjs', 'magnete.css'];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sum = (sizes) => sizes.reduce((a, b) => a + b, 0);

test('first use: magnete.js + magnete-core.wasm, as shipped gzipped, are within 80 KB', () => {
  const shipped = FIRST_USE.map((f) => statSync(dist(`${f}.gz`)).size);
  const level9 = FIRST_USE.map((f) => gzipSync(readFileSync(dist(f)), { level: 9 }).length);
  const brotli = FIRST_USE.map((f) => statSync(dist(`${f}.br`)).size);
  console.log(`budget: shipped gzip (zopfli) magnete.js ${kb(shipped[0])} + magnete-core.wasm ` +
    `${kb(shipped[1])} = ${kb(sum(shipped))} (target ${kb(TARGET_BYTES)}); gzip -9 on the fly ` +
    `${kb(sum(level9))}; brotli ${kb(sum(brotli))}`);
  assert.ok(sum(shipped) <= TARGET_BYTES, `${kb(sum(shipped))} is over the ${kb(TARGET_BYTES)} target`);
  assert.ok(sum(brotli) <= sum(shipped), 'brotli is the smaller coding');
});

test('every precompressed file decodes to the file beside it, and is not older than it', () => {
  for (const file of SHIPPED) {
    const original = readFileSync(dist(file));
    assert.ok(gunzipSync(readFileSync(dist(`${file}.gz`))).equals(original), `${file}.gz`);
    assert.ok(brotliDecompressSync(readFileSync(dist(`${file}.br`))).equals(original), `${file}.br`);
    for (const suffix of ['.gz', '.br']) {
      assert.ok(statSync(dist(file + suffix)).mtimeMs >= statSync(dist(file)).mtimeMs, `${file}${suffix} is stale`);
    }
  }
});

test('the styles travel inside the app: a widget without pre-rendered markup renders with no extra request', () => {
  const js = readFileSync(dist('magnete-app.mjs'), 'utf8');
  assert.ok(js.includes('--magnete-accent'), 'the widget CSS is bundled');
});
