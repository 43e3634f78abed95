// What the widget remembers about a visitor, per campaign. Privacy by construction
// (DESIGN): everything lives in memory until the visitor grants the campaign's required
// consent; only then is it written to localStorage. forget() erases every trace.
const PREFIX = 'magnete:';

/** window.localStorage (or sessionStorage), null where reading it throws (disabled storage,
 * sandboxed frames). */
export function webStorage(name = 'localStorage') {
  try {
    return window[name];
  } catch {
    return null;
  }
}

export class VisitorStore {
  #key;
  #data = {};
  persisted = false;

  /** Reads (never writes) what an earlier, consented visit stored for this campaign. */
  constructor(campaignId) {
    this.#key = `${PREFIX}v1:${campaignId}`;
    const stored = webStorage()?.getItem(this.#key);
    if (stored) {
      try {
        const parsed = JSON.parse(stored);
        if (parsed && typeof parsed === 'object' && parsed.consented_at) {
          this.#data = parsed;
          this.persisted = true;
        }
      } catch {
        // a damaged record is ignored, and overwritten after the next consent
      }
    }
  }

  get(name, fallback = undefined) {
    return this.#data[name] ?? fallback;
  }

  set(name, value) {
    this.#data[name] = value;
    this.#flush();
  }

  /** Called when the required consent is granted: from now on, state is kept. */
  persist(consentedAt) {
    if (!this.#data.consented_at) this.#data.consented_at = consentedAt;
    this.persisted = true;
    this.#flush();
  }

  /** Erases this campaign's record and goes back to memory only. */
  forget() {
    this.#data = {};
    this.persisted = false;
    try {
      webStorage()?.removeItem(this.#key);
    } catch {
      // nothing stored
    }
  }

  #flush() {
    if (!this.persisted) return;
    try {
      webStorage()?.setItem(this.#key, JSON.stringify(this.#data));
    } catch {
      // storage full or refused: the visit goes on from memory
    }
  }
}

/** Erases everything any Magnete widget stored in this browser for this site. */
export function forget() {
  for (const store of [webStorage(), webStorage('sessionStorage')]) {
    if (!store) continue;
    for (let i = store.length - 1; i >= 0; i--) {
      const key = store.key(i);
      if (key && key.startsWith(PREFIX)) store.removeItem(key);
    }
  }
  document.dispatchEvent(new CustomEvent('magnete:forget'));
}
