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

// The calls on a handle, by their C names (magnete_<name>).
const ON_HANDLE = {
  status: 'status',
  setField: 'set_field',
  setConsent: 'set_consent',
  addEvent: 'add_event',
  answer: 'answer',
  assess: 'assess',
  buildPayload: 'build_payload',
};
// The node module's calls without a handle.
const FREE = { validateCampaign: 'validate_campaign', assessLead: 'assess_lead' };

/**
 * The calls of an instantiated module: open(campaign, variant) -> handle, close(handle), and
 * status(handle), setField(handle, name, value, locale), setConsent, addEvent, answer, assess,
 * buildPayload(handle, ...texts) -> JSON text; the node module adds validateCampaign(campaign)
 * and assessLead(campaign, lead, now).
 * @param {WebAssembly.Instance} instance
 * @returns {import('./magnete-core').CoreCalls & Partial<import('./magnete-core').NodeCoreCalls>}
 */
export function coreCalls(instance) {
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
  for (const [name, c] of Object.entries(ON_HANDLE)) {
    calls[name] = (/** @type {number} */ handle, /** @type {string[]} */ ...texts) =>
      answer(call(x[`magnete_${c}`], [handle], texts));
  }
  for (const [name, c] of Object.entries(FREE)) {
    const fn = x[`magnete_${c}`];
    if (fn) calls[name] = (/** @type {string[]} */ ...texts) => answer(call(fn, [], texts));
  }
  return calls;
}
