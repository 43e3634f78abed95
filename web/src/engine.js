// The only wasm loader. The core (C++ in WebAssembly) makes every decision about a lead;
// this file only moves JSON text across the boundary and parses what comes back.
import createMagneteCore from 'magnete-core-glue';

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

function compile(imports) {
  const url = wasmUrl || new URL('magnete-core.wasm', document.baseURI).href;
  const viaBuffer = () =>
    fetch(url, { credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(`magnete: ${url} answered ${r.status}`);
        return r.arrayBuffer();
      })
      .then((bytes) => WebAssembly.instantiate(bytes, imports));
  // Streaming compile overlaps download and compilation; it needs application/wasm.
  if (!WebAssembly.instantiateStreaming) return viaBuffer();
  return WebAssembly.instantiateStreaming(fetch(url, { credentials: 'same-origin' }), imports)
    .catch(viaBuffer);
}

/** Loads the core once per page; resolves to the embind module. */
export function loadCore() {
  if (!corePromise) {
    corePromise = new Promise((resolve, reject) => {
      const instantiateWasm = (imports, done) => {
        compile(imports).then((r) => done(r.instance, r.module), (error) => {
          corePromise = null; // a later call may try again
          reject(error);
        });
        return {};
      };
      createMagneteCore({ instantiateWasm }).then(resolve, reject);
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
