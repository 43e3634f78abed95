// The visitor's record for one campaign: what a returning visitor already gave (known fields,
// consents), their variant, visits, first touch and last interactions. Privacy by construction
// (DESIGN): it lives in memory (storage.js's VisitorStore) until the visitor grants the consents
// the core names as required; only then is it kept in localStorage.
import { consentRecord } from './consent.js';
import { VisitorStore } from './storage.js';
import { assignVariant } from './variants.js';

const MAX_STORED_EVENTS = 200;

export class VisitorRecord {
  #store;
  #landing;
  #startedAt;

  /** `landing`: where this visit began (tracker.js currentTouch); `startedAt`: ms. */
  constructor(campaignId, landing, startedAt = Date.now()) {
    this.#store = new VisitorStore(campaignId);
    this.#landing = landing;
    this.#startedAt = startedAt;
  }

  /** Whether the record is kept in storage (the required consents were granted, now or before). */
  get persisted() {
    return this.#store.persisted;
  }

  /** The variant to show among the core's `variants`: `chosen` (pre-rendered markup names the
   *  variant the host chose) when offered, else the stored one, else a new draw. */
  variant(variants, chosen) {
    if (chosen && variants.some((v) => v.id === chosen)) {
      this.#store.set('variant', chosen);
      return chosen;
    }
    return assignVariant(variants, this.#store);
  }

  /** The names of the fields the visitor gave on an earlier, consented visit. */
  known() {
    return new Set(Object.keys(this.#store.get('contact', {})));
  }

  /** A returning visitor: known fields, consents (of the same text version: else asked again)
   *  and past interactions go back into the Engine; one more visit. */
  restore(engine, consents, locale) {
    if (!this.persisted) return;
    for (const [name, value] of Object.entries(this.#store.get('contact', {}))) engine.setField(name, value, locale);
    for (const record of this.#store.get('consents', [])) {
      const entry = consents.get(record.id);
      if (!entry || entry.consent.version !== record.version) continue;
      entry.input.checked = record.granted;
      entry.recorded = true;
      engine.setConsent(record);
    }
    for (const event of this.#store.get('events', [])) engine.addEvent(event);
    this.#store.set('visits', this.#store.get('visits', 0) + 1);
  }

  /** One interaction (kept: the last 200). */
  addEvent(event) {
    const events = this.#store.get('events', []);
    events.push(event);
    this.#store.set('events', events.slice(-MAX_STORED_EVENTS));
  }

  /** A value the core took for a field (null or undefined: cleared). */
  setContact(name, value) {
    if (!this.persisted) return;
    const contact = this.#store.get('contact', {});
    if (value === null || value === undefined) delete contact[name];
    else contact[name] = value;
    this.#store.set('contact', contact);
  }

  /** The consent boxes the visitor decided on, as records, in `locale`. */
  saveConsents(consents, locale) {
    if (!this.persisted) return;
    const records = [];
    for (const entry of consents.values()) {
      if (entry.recorded) records.push(consentRecord(entry, locale, entry.at));
    }
    this.#store.set('consents', records);
  }

  /** The required consents were granted: from now on the record is kept, with where the first
   *  visit began. */
  consented(now = new Date()) {
    if (this.persisted) return;
    const touch = this.#landing;
    this.#store.set('first_touch', this.#store.get('first_touch', { landing_page: touch.page_url,
      referrer: touch.referrer, utm: touch.utm, at: new Date(this.#startedAt).toISOString() }));
    this.#store.set('visits', this.#store.get('visits', 0) || 1);
    this.#store.persist(now.toISOString());
  }

  /** The lead's attribution: this page (`touch`), the first touch and the visits. */
  attribution(touch, title) {
    const first = this.#store.get('first_touch', null);
    return { ...touch, page_title: title.slice(0, 200),
      landing_page: first ? first.landing_page : this.#landing.page_url,
      first_touch: first || undefined, visits: this.#store.get('visits', 1) };
  }

  /** "Not you?": this campaign's record is erased. */
  forget() {
    this.#store.forget();
  }
}
