// @ts-check
// The only wasm loader. The core (C++ in WebAssembly) makes every decision about a lead;
// this file only moves JSON text across the boundary (wasm/abi.mjs) and parses what comes back.
//
// Two modules of the core: magnete-core.wasm, the lean one, is what a visitor loads first (it
// scores, checks values and builds magnete-v1); magnete-core-full.wasm, beside it, has every
// format and every campaign error, and loads only for a campaign the lean one answers
// needs_full_core about (a vendor delivery format, or an invalid campaign whose errors the full
// one lists with their paths). The core decides which, never this file.
import { coreCalls, imports } from '../../wasm/abi.mjs';
import { nextTask } from './when.js';

const LEAN = 'magnete-core.wasm';
const FULL = 'magnete-core-full.wasm';

let wasmUrl = null;
const modules = new Map(); // file -> promise of its calls
const decided = new Map(); // campaign text -> promise of the calls of the module it needs
const opened = new Map(); // campaign text -> {core, handle} the lean module opened, for the Engine

/** Where the bundle's files live: the URL of magnete-core.wasm, beside the script. */
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

// Each module once per page; a failed load may be tried again by a later call.
function module(file) {
  if (!modules.has(file)) {
    const calls = instantiate(file === LEAN && wasmUrl ? wasmUrl : assetUrl(file));
    calls.catch(() => modules.delete(file));
    modules.set(file, calls);
  }
  return modules.get(file);
}

async function decide(campaignText) {
  const lean = await module(LEAN);
  // The browser compiles the core's functions at their first call, on this thread: an empty
  // campaign first, the real one in a task of its own, so that neither task is long.
  await nextTask();
  lean.close(lean.open('{}'));
  await nextTask();
  const handle = lean.open(campaignText);
  if (JSON.parse(lean.status(handle)).code !== 'needs_full_core') {
    opened.set(campaignText, { core: lean, handle });
    return lean;
  }
  lean.close(handle);
  return module(FULL);
}

/**
 * Starts loading the lean module, which every campaign is first opened with, before the campaign
 * is read: its download and compilation overlap the campaign's request.
 */
export function prefetchCore() {
  module(LEAN).catch(() => {}); // a failure is loadCore's to report
}

/**
 * Loads the core that `campaignText` needs, once per page and campaign: the lean module, or the
 * full one when the lean one says so. Without a campaign, the full module, which takes any
 * campaign (as loadCore() always did; pass the campaign to load less). Resolves to the module's
 * calls (wasm/abi.mjs), for `new Engine(core, campaignText)`.
 */
export function loadCore(campaignText) {
  if (campaignText === undefined) return module(FULL);
  if (!decided.has(campaignText)) {
    const core = decide(campaignText);
    core.catch(() => decided.delete(campaignText));
    decided.set(campaignText, core);
  }
  return decided.get(campaignText);
}

/** @typedef {import('../../wasm/magnete-core').CoreCalls} CoreCalls */
const parse = (/** @type {string} */ text) => JSON.parse(text);

/**
 * One visitor's Engine for one campaign, as one of its variants ('' for the campaign's own
 * texts: the core applies the variant), held for the page's lifetime. `status` is what the core
 * resolved for the widget (wasm/magnete-core.d.ts, Status).
 */
export class Engine {
  /** @type {CoreCalls} */
  #core;
  /** @type {number} */
  #handle;

  /**
   * @param {CoreCalls} core the calls of a module (loadCore)
   * @param {string} campaignText
   * @param {string} [variant]
   */
  constructor(core, campaignText, variant = '') {
    this.#core = core;
    // loadCore() opened this campaign (as no variant) in the lean module to decide: the first
    // Engine of that variant takes it.
    const taken = opened.get(campaignText);
    const fits = taken?.core === core && !variant;
    if (fits || (taken && taken.core !== core)) opened.delete(campaignText);
    if (taken && taken.core !== core) taken.core.close(taken.handle);
    this.#handle = fits ? taken.handle : core.open(campaignText, variant);
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
