// The outbox: every lead waits here until the endpoint has acknowledged it, so none is lost.
// In memory until the visitor's consent allows storage, then also in localStorage, so a lead
// saved while offline (or when the tab closed) is delivered on the next visit. Network errors,
// timeouts, 5xx, 408 and 429 are retried with exponential backoff and full jitter (429 and 503
// honour Retry-After); other 4xx answers are final. The lead id is the idempotency key: a
// retry after a lost answer never makes a duplicate (the collector answers the first answer).
import { webStorage as storage } from './storage.js';
import { postJson } from './transport.js';

const KEY = 'magnete:outbox';
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60 * 1000;
const MAX_AGE_MS = 30 * 24 * 3600 * 1000; // a lead older than 30 days is dropped
const KEEPALIVE_LIMIT = 60 * 1024; // browsers cap keepalive bodies at 64 KB in total

/** Seconds or an HTTP date in Retry-After, as milliseconds from now; null when absent. */
export function retryAfterMs(header, now = Date.now()) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** What to do after an answer: {done} delivered, {final} given up, {retryIn} try again. */
export function classify(result, attempts, random = Math.random, now = Date.now()) {
  if (result.ok) return { done: true };
  const { status } = result;
  const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
  if (!retryable) return { final: true };
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempts, 20));
  const jittered = Math.round(random() * backoff); // "full jitter"
  const told = status === 429 || status === 503 ? retryAfterMs(result.retryAfter, now) : null;
  return { retryIn: told !== null ? Math.max(told, jittered) : jittered };
}

export class Outbox {
  #items = [];
  #persisted = false;
  #timer = null;
  #round = null;
  #post;
  #listeners = new Map(); // lead id -> {delivered(item, result), failed(item, result)}
  #online = () => this.flush();
  #exit = () => this.#flushOnExit();
  #forget = () => this.#cancelAll();

  /** `post` is the transport (postJson), replaceable in tests. */
  constructor({ post = postJson } = {}) {
    this.#post = post;
    window.addEventListener('online', this.#online);
    window.addEventListener('pagehide', this.#exit);
    document.addEventListener('magnete:forget', this.#forget);
  }

  /**
   * Magnete.forget(): the visitor withdrew, so leads still waiting on this page are cancelled
   * (never sent, never stored again) and the outbox goes back to memory only.
   */
  #cancelAll() {
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#items = [];
    this.#persisted = false;
    this.#listeners.clear();
  }

  /** Whether the lead with this id still waits for delivery. */
  has(id) {
    return this.#items.some((i) => i.id === id);
  }

  /** Calls back when the lead with this id is delivered or finally refused. */
  watch(id, listener) {
    this.#listeners.set(id, listener);
  }

  #report(kind, item, result) {
    const listener = this.#listeners.get(item.id);
    this.#listeners.delete(item.id);
    if (listener) {
      listener[kind](item, result);
    } else {
      // A lead from an earlier visit: no widget is waiting for it; tell the page.
      document.dispatchEvent(new CustomEvent(kind === 'delivered' ? 'magnete:submit' : 'magnete:error', {
        detail: { id: item.id, status: result.status, response: result.body, errors: kind === 'failed'
          ? [{ path: 'delivery', message: `answered ${result.status}` }] : undefined },
      }));
    }
  }

  /**
   * At start: leads an earlier visit stored (only ever stored after consent) are taken over
   * and sent. Reading storage writes nothing.
   */
  resume() {
    let waiting;
    try {
      waiting = Boolean(storage()?.getItem(KEY));
    } catch {
      waiting = false;
    }
    if (waiting) {
      this.persist();
      this.flush();
    }
  }

  /** After consent: keep the outbox in storage, and take over what earlier visits left. */
  persist() {
    if (this.#persisted) return;
    this.#persisted = true;
    let stored;
    try {
      stored = JSON.parse(storage()?.getItem(KEY) || '[]');
    } catch {
      stored = [];
    }
    const now = Date.now();
    for (const item of Array.isArray(stored) ? stored : []) {
      const fresh = item && item.id && item.url && now - (item.created_at || 0) < MAX_AGE_MS;
      if (fresh && !this.has(item.id)) this.#items.push({ ...item, next_at: 0 });
    }
    this.#save();
  }

  #save() {
    if (!this.#persisted) return;
    try {
      if (this.#items.length) storage()?.setItem(KEY, JSON.stringify(this.#items));
      else storage()?.removeItem(KEY);
    } catch {
      // storage full or refused: the outbox goes on in memory
    }
  }

  /** Queues a lead: {id, url, body (string), contentType, headers, timeoutMs}. */
  add(lead) {
    if (this.has(lead.id)) return;
    this.#items.push({ ...lead, attempts: 0, next_at: 0, created_at: Date.now() });
    this.#save();
  }

  /** Sends every lead that is due; resolves when this round is over. */
  flush() {
    // One round at a time: a call during a round waits for it, then runs its own.
    if (this.#round) return this.#round.then(() => this.flush());
    this.#round = this.#sendDue().finally(() => {
      this.#round = null;
    });
    return this.#round;
  }

  async #sendDue() {
    if (navigator.onLine === false) return; // the 'online' event calls flush again
    clearTimeout(this.#timer);
    this.#timer = null;
    try {
      const now = Date.now();
      for (const item of [...this.#items]) {
        if (item.next_at > now || !this.has(item.id)) continue; // not due, or cancelled
        const result = await this.#post(item.url, item.body, {
          timeoutMs: item.timeoutMs, headers: item.headers, contentType: item.contentType,
        });
        if (!this.has(item.id)) continue; // cancelled by forget() while it was on the way
        item.attempts += 1;
        const verdict = classify(result, item.attempts - 1);
        if (verdict.done || verdict.final) {
          this.#items = this.#items.filter((i) => i.id !== item.id);
          this.#save();
          this.#report(verdict.done ? 'delivered' : 'failed', item, result);
        } else {
          item.next_at = Date.now() + verdict.retryIn;
          item.last_status = result.status;
          this.#save();
        }
      }
    } finally {
      this.#schedule();
    }
  }

  #schedule() {
    if (!this.#items.length || this.#timer) return;
    const next = Math.min(...this.#items.map((i) => i.next_at));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flush();
    }, Math.max(0, next - Date.now()));
  }

  /**
   * At pagehide: one last try for every lead, by keepalive fetch (or sendBeacon) whose answer
   * nobody will read; the leads stay stored, and the next visit re-sends them under the same
   * id (the collector answers a repeat without storing it twice).
   */
  #flushOnExit() {
    for (const item of this.#items) {
      const body = item.body;
      let sent = false;
      if (body.length < KEEPALIVE_LIMIT) {
        try {
          fetch(item.url, { method: 'POST', body, keepalive: true, credentials: 'omit',
            headers: { 'Content-Type': item.contentType, ...item.headers } })
            .catch(() => {});
          sent = true;
        } catch {
          sent = false; // the keepalive quota is spent: try a beacon
        }
      }
      if (!sent && navigator.sendBeacon) {
        // text/plain is CORS-safelisted, so the beacon needs no preflight.
        navigator.sendBeacon(item.url, new Blob([body], { type: 'text/plain' }));
      }
    }
  }

  dispose() {
    clearTimeout(this.#timer);
    window.removeEventListener('online', this.#online);
    window.removeEventListener('pagehide', this.#exit);
    document.removeEventListener('magnete:forget', this.#forget);
  }
}

let shared = null;

/** The page's outbox, shared by every widget on it. */
export function outbox() {
  if (!shared) shared = new Outbox();
  return shared;
}
