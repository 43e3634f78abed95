// Loads the core's node build (build/wasm/node) for the tests. Node's global fetch would make
// the Emscripten 3.1.6 glue fetch the .wasm by path and fail, so the bytes are passed in.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const nodeBuild = path.join(root, 'build/wasm/node');

/** The node module: the browser module's API plus validateCampaign and assessLead. */
export async function loadCore() {
  const require = createRequire(import.meta.url);
  const createMagneteCore = require(path.join(nodeBuild, 'magnete-core.cjs'));
  return createMagneteCore({ wasmBinary: readFileSync(path.join(nodeBuild, 'magnete-core.wasm')) });
}

/** The module the browser loads (web/dist/magnete-core.wasm and its ES-module glue), run
 *  under node exactly as web/src/engine.js instantiates it. */
export async function loadShippedCore() {
  const { default: createMagneteCore } = await import(path.join(root, 'build/wasm/web/magnete-core.mjs'));
  const bytes = readFileSync(path.join(root, 'web/dist/magnete-core.wasm'));
  return createMagneteCore({
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(bytes, imports).then((r) => done(r.instance, r.module));
      return {};
    },
  });
}

const METHODS = ['status', 'setField', 'setConsent', 'addEvent', 'answer', 'assess', 'buildPayload'];

/** The module's handle API (open, method(handle, ...), close) as one object per Engine: each
 *  method takes and returns JSON text, as the core does; delete() closes the handle. */
export function openEngine(core, campaignText) {
  const handle = core.open(campaignText);
  const engine = { handle, delete: () => core.close(handle) };
  for (const name of METHODS) engine[name] = (...args) => core[name](handle, ...args);
  return engine;
}
