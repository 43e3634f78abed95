// The wasm API is declared once, in wasm/magnete-core.d.ts; this checks everything else against
// it: each module's exported C functions, the calls wasm/abi.mjs makes of them, the Engine of
// web/src/engine.js, and the tests' own lists (tests/wasm/core.mjs). (tsc checks the calls'
// types: tests/web/types.test.mjs.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { NODE_CALLS } from '../../wasm/abi.mjs';
import { declaredCalls, loadCore, loadShippedCore, nodeBuild, root } from './core.mjs';

const { browser, node, onHandle } = declaredCalls();
const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const exported = (file) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(file)))
  .map((e) => e.name).filter((n) => n.startsWith('magnete_')).sort();

test('the declaration names the calls: open, close and the handle calls; the node module adds two', () => {
  assert.deepEqual(browser.slice(0, 2), ['open', 'close']);
  assert.ok(onHandle.includes('status') && onHandle.includes('buildPayload'), onHandle.join());
  assert.deepEqual(node, ['validateCampaign', 'assessLead']);
});

test('each module exports exactly the declared calls, as magnete_<snake_case>', () => {
  const want = (names) => [...names.map((n) => `magnete_${snake(n)}`), 'magnete_answer_data'].sort();
  assert.deepEqual(exported(path.join(root, 'web/dist/magnete-core.wasm')), want(browser));
  assert.deepEqual(exported(path.join(root, 'web/dist/magnete-core-full.wasm')), want(browser));
  assert.deepEqual(exported(path.join(nodeBuild, 'magnete-core.wasm')), want([...browser, ...node]));
});

test('wasm/abi.mjs makes exactly the declared calls of each module', async () => {
  const keys = (calls) => Object.keys(calls).sort();
  assert.deepEqual(keys(await loadShippedCore('magnete-core.wasm')), [...browser].sort());
  assert.deepEqual(keys(await loadShippedCore('magnete-core-full.wasm')), [...browser].sort());
  assert.deepEqual(keys(await loadCore()), [...browser, ...node].sort());
  assert.deepEqual(NODE_CALLS, node, 'abi.mjs NODE_CALLS');
});

test('the Engine of web/src/engine.js wraps each handle call, and no other', async () => {
  globalThis.document ??= { baseURI: 'http://localhost/' };
  const { Engine } = await import('../../web/src/engine.js');
  const methods = Object.getOwnPropertyNames(Engine.prototype).filter((n) => n !== 'constructor' && n !== 'ok');
  assert.deepEqual(methods.filter((n) => n !== 'dispose').sort(), onHandle.filter((n) => n !== 'status').sort());
  const source = readFileSync(path.join(root, 'web/src/engine.js'), 'utf8');
  for (const name of onHandle) assert.match(source, new RegExp(`core\\.${name}\\(`), `engine.js calls ${name}`);
});
