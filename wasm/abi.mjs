// @ts-check
// The JavaScript half of wasm/bindings.cpp: the module's C functions as calls on JavaScript
// strings, the same in the browser (web/src/engine.js, bundled) and under node (the tests,
// build/wasm/node/magnete-core.cjs). A text goes in UTF-8 through the module's malloc; an answer
// comes back as (size) with its bytes at magnete_answer_data(). No logic: every decision is the
// core's. The calls and their answers are declared in wasm/magnete-core.d.ts.

/** What a module imports: memory growth (nothing to do: views are made per call) and exit,
 *  which only an abort reaches. */
export const imports = {
  env: { emscripten_notify_memory_growth() {} },
  wasi_snapshot_preview1: {
    proc_exit(/** @type {number} */ code) {
      throw new WebAssembly.RuntimeError(`magnete core: exit ${code}`);
    },
  },
};

// The calls on a handle; each is the C function magnete_<its name in snake_case>.
const ON_HANDLE = ['status', 'setField', 'setConsent', 'addEvent', 'answer', 'assess', 'buildPayload'];
/** The node module's calls without a handle (build/wasm/node), for coreCalls' `free`: the
 *  tests and tools pass them; the browser's bundle leaves them out. */
export const NODE_CALLS = ['validateCampaign', 'assessLead'];
const cName = (/** @type {string} */ name) => `magnete_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

/**
 * The calls of an instantiated module: open(campaign, variant) -> handle, close(handle), and
 * status(handle), setField(handle, name, value, locale), setConsent, addEvent, answer, assess,
 * buildPayload(handle, ...texts) -> JSON text; with `free` = NODE_CALLS, the node module's
 * validateCampaign(campaign) and assessLead(campaign, lead, now) too.
 * @param {WebAssembly.Instance} instance
 * @param {string[]} [free] the calls without a handle to add (NODE_CALLS)
 * @returns {import('./magnete-core').CoreCalls & Partial<import('./magnete-core').NodeCoreCalls>}
 */
export function coreCalls(instance, free = []) {
  const x = /** @type {any} */ (instance.exports); // the C functions of wasm/bindings.cpp
  x._initialize();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  // fn(...head, pointer, size, ...) with the texts copied into one block of the module's memory.
  const call = (/** @type {Function} */ fn, /** @type {number[]} */ head, /** @type {string[]} */ texts) => {
    const bytes = texts.map((text) => encoder.encode(text));
    const block = x.malloc(bytes.reduce((n, b) => n + b.length, 0) || 1);
    const args = [...head];
    const heap = new Uint8Array(x.memory.buffer);
    let at = block;
    for (const b of bytes) {
      heap.set(b, at);
      args.push(at, b.length);
      at += b.length;
    }
    try {
      return fn(...args);
    } finally {
      x.free(block);
    }
  };
  const answer = (/** @type {number} */ size) => decoder.decode(new Uint8Array(x.memory.buffer, x.magnete_answer_data(), size));
  /** @type {any} */
  const calls = {
    open: (/** @type {string} */ campaign, variant = '') => call(x.magnete_open, [], [campaign, variant]),
    close: (/** @type {number} */ handle) => x.magnete_close(handle),
  };
  for (const name of ON_HANDLE) {
    calls[name] = (/** @type {number} */ handle, /** @type {string[]} */ ...texts) =>
      answer(call(x[cName(name)], [handle], texts));
  }
  for (const name of free) {
    calls[name] = (/** @type {string[]} */ ...texts) => answer(call(x[cName(name)], [], texts));
  }
  return calls;
}
