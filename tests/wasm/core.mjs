// Loads the core's modules for the tests, through the JavaScript half the browser uses
// (wasm/abi.mjs): the node module (build/wasm/node: the full core plus validateCampaign and
// assessLead) and the two the browser loads, as web/dist ships them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { NODE_CALLS, coreCalls, imports } from '../../wasm/abi.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const nodeBuild = path.join(root, 'build/wasm/node');

async function instantiate(file, free = []) {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), imports);
  return coreCalls(instance, free);
}

/** The node module: the browser modules' calls plus validateCampaign and assessLead. */
export function loadCore() {
  return instantiate(path.join(nodeBuild, 'magnete-core.wasm'), NODE_CALLS);
}

/** A module the browser loads (web/dist/magnete-core.wasm, the lean one, by default), run under
 *  node exactly as web/src/engine.js instantiates it. */
export function loadShippedCore(file = 'magnete-core.wasm') {
  return instantiate(path.join(root, 'web/dist', file));
}

/**
 * The calls wasm/magnete-core.d.ts declares, the one list of the module's API: {browser: the
 * CoreCalls, node: what NodeCoreCalls adds, onHandle: the browser's calls on a handle}.
 */
export function declaredCalls() {
  const dts = readFileSync(path.join(root, 'wasm/magnete-core.d.ts'), 'utf8');
  const methods = (name) => {
    const body = dts.match(new RegExp(`export interface ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`))[1];
    return [...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]);
  };
  const browser = methods('CoreCalls');
  return { browser, node: methods('NodeCoreCalls'), onHandle: browser.filter((n) => n !== 'open' && n !== 'close') };
}

const METHODS = declaredCalls().onHandle;

/** The module's handle API (open, method(handle, ...), close) as one object per Engine: each
 *  method takes and returns JSON text, as the core does; delete() closes the handle. */
export function openEngine(core, campaignText, variant = '') {
  const handle = core.open(campaignText, variant);
  const engine = { handle, delete: () => core.close(handle) };
  for (const name of METHODS) engine[name] = (...args) => core[name](handle, ...args);
  return engine;
}
