// The only wasm loader. The core (C++ in WebAssembly) makes every decision about a lead;
// this file only moves JSON text across the boundary (wasm/abi.mjs) and parses what comes back.
import { coreCalls, imports } from '../../wasm/abi.mjs';

let wasmUrl = null;
let corePromise = null;

/** Where the bundle's files live: beside the script that loaded the widget. */
export function setWasmUrl(url) {
  wasmUrl = url;
}

/** The URL of a file of the bundle (magnete.css, ...). */
export function assetUrl(name) {
  return new URL(name, wasmUrl || document.baseURI).href;
}

function instantiate(url) {
  const viaBuffer = () =>
    fetch(url, { credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(`magnete: ${url} answered ${r.status}`);
        return r.arrayBuffer();
      })
      .then((bytes) => WebAssembly.instantiate(bytes, imports));
  // Streaming compile overlaps download and compilation; it needs application/wasm.
  const instantiated = WebAssembly.instantiateStreaming
    ? WebAssembly.instantiateStreaming(fetch(url, { credentials: 'same-origin' }), imports).catch(viaBuffer)
    : viaBuffer();
  return instantiated.then((r) => coreCalls(r.instance));
}

/** Loads the core once per page; resolves to its calls (wasm/abi.mjs). */
export function loadCore() {
  if (!corePromise) {
    corePromise = instantiate(wasmUrl || new URL('magnete-core.wasm', document.baseURI).href);
    corePromise.catch(() => {
      corePromise = null; // a later call may try again
    });
  }
  return corePromise;
}

const parse = (text) => JSON.parse(text);

/** One visitor's Engine for one campaign, held for the page's lifetime. */
export class Engine {
  #core;
  #handle;

  constructor(core, campaignText) {
    this.#core = core;
    this.#handle = core.open(campaignText);
    this.status = parse(core.status(this.#handle));
  }
  get ok() {
    return this.status.ok;
  }
  setField(name, value, locale) {
    return parse(this.#core.setField(this.#handle, name, JSON.stringify(value ?? null), locale));
  }
  setConsent(record) {
    return parse(this.#core.setConsent(this.#handle, JSON.stringify(record)));
  }
  addEvent(event) {
    return parse(this.#core.addEvent(this.#handle, JSON.stringify(event)));
  }
  answer(question, answers, locale) {
    return parse(this.#core.answer(this.#handle, question, JSON.stringify(answers), locale));
  }
  assess(now = new Date()) {
    return parse(this.#core.assess(this.#handle, now.toISOString()));
  }
  buildPayload(meta, submittedAt = new Date()) {
    return parse(this.#core.buildPayload(this.#handle, JSON.stringify(meta), submittedAt.toISOString()));
  }
  dispose() {
    this.#core.close(this.#handle);
  }
}
