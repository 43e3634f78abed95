// One mounted campaign: the views (quiz, form, result), the Engine, tracking, the visitor's
// store, variants, triggers and delivery. Every decision about the lead is the core's; this
// file sequences the views and moves values between the page and the Engine.
import { adopt, remap } from './adopt.js';
import { consentRecord, requiredGranted } from './consent.js';
import { h, setText } from './dom.js';
import { Engine, loadCore } from './engine.js';
import * as flow from './flow.js';
import { fieldValue, markKnown, showError } from './form.js';
import { chooseLocale } from './i18n.js';
import { answersOf, renderOutcome } from './quiz.js';
import { VisitorStore } from './storage.js';
import { currentTouch, startTracking } from './tracker.js';
import { outbox } from './outbox.js';
import { applyVariant, assignVariant } from './variants.js';
import { renderView, viewSteps } from './view.js';
import { idleOrInteraction, nextTask } from './when.js';

const MAX_STORED_EVENTS = 200;
// Interactions scored per page view: a visitor who clicks a marked link a thousand times
// still sends a lead well under the 50 KB a keepalive request allows.
const MAX_PAGE_EVENTS = 200;

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
    .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

const isoNow = () => new Date().toISOString();

// Campaign files fetched on this page, by URL: a restart (after Magnete.forget(), or a new
// attribute) reuses the text, so it works offline and costs no request.
const fetched = new Map();

/** Reads a campaign from an object, a URL, or an inline <script type="application/json" id>. */
export async function readCampaign(source, doc = document) {
  if (source && typeof source === 'object') return { text: JSON.stringify(source), json: source };
  const ref = String(source || '');
  if (!ref) throw new Error('no campaign: set the campaign attribute');
  let text;
  if (ref.startsWith('#')) {
    const block = doc.getElementById(ref.slice(1));
    if (!block) throw new Error(`no element ${ref} holds the campaign`);
    text = block.textContent;
  } else {
    const url = String(new URL(ref, doc.baseURI));
    text = fetched.get(url);
    if (text === undefined) {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`campaign ${ref} answered ${response.status}`);
      text = await response.text();
      fetched.set(url, text);
    }
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = null; // the core reports where the syntax breaks
  }
  return { text, json };
}

export class Controller {
  /** The latest assessment from the core, or null before the first one. */
  assessment = null;
  /** The A/B variant shown to this visitor ("" when the campaign has none). */
  variant;

  #host;
  #doc;
  #shadow;
  #options;
  #existing; // pre-rendered markup to adopt (web/prerender.mjs), or null
  #engine = null;
  #pending = []; // work that waits for the Engine
  #leadId = null;
  #stopped = false;
  #native = false; // the form posts itself to the collector (#degrade)
  #startedAt = Date.now();
  #stage = 'visitor';
  #shownOffers = new Set();
  #landing; // where this visit began (kept in memory)
  #pageEvents = 0;
  // Set by #render: the campaign as this variant shows it and its view (view.js).
  #store;
  #campaign;
  #view;
  #locale;
  #t;
  #text;
  #root;
  #known;
  #ui;
  #quiz;
  #offers;
  #stopTracking;

  constructor(host, shadow, source, options, existing = null) {
    this.#host = host;
    this.#doc = host.ownerDocument;
    this.#shadow = shadow;
    this.#options = options;
    this.#existing = existing;
    this.#landing = currentTouch(this.#doc);
    this.#start(source).catch((error) => this.#fail([{ path: '', message: String(error.message || error) }]));
  }

  // Each step in a task of its own. Pre-rendered markup is adopted at once: the shell starts the
  // app for it only at idle time or at the visitor's first interaction. Without it the form is
  // rendered at once, and the core waits for idle time or the first interaction.
  async #start(source) {
    const wanted = this.#existing ? null : idleOrInteraction(this.#host);
    let text;
    let json;
    try {
      ({ text, json } = await readCampaign(source, this.#doc));
    } catch (error) {
      this.#degrade(error);
      return;
    }
    if (this.#stopped) return;
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      await this.#render(json);
      if (this.#stopped) return;
      performance.mark?.('magnete:rendered');
    }
    await wanted;
    await nextTask();
    let module;
    try {
      module = await loadCore(text); // the lean core, or the full one when it says so
    } catch (error) {
      this.#degrade(error);
      return;
    }
    if (this.#stopped) return;
    await nextTask();
    this.#engine = new Engine(module, text);
    if (!this.#engine.ok) {
      this.#fail(this.#engine.status.errors);
      return;
    }
    await nextTask();
    if (this.#stopped) return;
    performance.mark?.('magnete:ready');
    this.#fire('ready', { campaign: this.#engine.status.campaign, locale: this.#locale, variant: this.variant });
    outbox().resume(); // leads an earlier visit could not deliver
    this.#restore();
    for (const [name, value] of Object.entries(this.#hiddenValues())) this.setValue(name, value);
    this.#checkPrefilled();
    await nextTask();
    if (this.#stopped) return;
    for (const apply of this.#pending.splice(0)) apply();
    this.#update();
  }

  // The campaign or the core could not be loaded (offline, blocked, a server error). A form that
  // posts to the collector stays and does so without script (<magnete-widget static>: every step
  // at once); otherwise the host's fallback content shows.
  #degrade(error) {
    const message = String(error?.message || error);
    if (!this.#ui?.form.getAttribute('action')) {
      this.#fail([{ path: '', message }]);
      return;
    }
    console.error(`magnete: ${message}; the form is sent without script`);
    this.#native = true;
    this.#stopTracking?.();
    this.#host.setAttribute('static', '');
    this.#fire('error', { errors: [{ path: '', message }] });
  }

  // What the visitor typed or ticked in pre-rendered markup before the script took it over is
  // kept; it is checked now (the field being typed in is checked when the visitor leaves it).
  #checkPrefilled() {
    const active = this.#shadow.activeElement;
    for (const [name, entry] of this.#ui.fields) {
      if (entry.field.type === 'hidden' || entry.control === active || entry.control.contains?.(active)) continue;
      const value = fieldValue(entry);
      if (value === '' || value === false || (Array.isArray(value) && !value.length)) continue;
      this.#checkField(name);
    }
    for (const entry of this.#ui.consents.values()) {
      if (!entry.input.checked || entry.recorded) continue;
      entry.recorded = true;
      entry.at = new Date();
      this.#engine.setConsent(consentRecord(entry, this.#locale, entry.at));
      if (this.#consented()) this.#onConsented();
    }
  }

  // Hidden fields carry what the page knows (a source, a campaign code, a value from a CRM):
  // the host's `values`, else the page URL's query parameter of the field's name.
  #hiddenValues() {
    const params = new URL(this.#doc.location.href).searchParams;
    const out = {};
    for (const [name, entry] of this.#ui.fields) {
      if (entry.field.type !== 'hidden') continue;
      const given = this.#options.values?.[name] ?? params.get(name);
      if (given !== null && given !== undefined && given !== '') out[name] = String(given);
    }
    return out;
  }

  /** Sets a hidden field's value; false when the campaign has no such hidden field. */
  setValue(name, value) {
    if (!this.#ui) {
      this.#options = { ...this.#options, values: { ...this.#options.values, [name]: value } };
      return true;
    }
    const entry = this.#ui.fields.get(name);
    if (!entry || entry.field.type !== 'hidden') return false;
    entry.control.value = value === null || value === undefined ? '' : String(value);
    this.#withEngine(() => this.#checkField(name));
    return true;
  }

  // Renders the view, or adopts pre-rendered markup: then in short tasks (the form off the page,
  // the quiz, adoption, the listeners), while the visitor can already use the page's form.
  async #render(raw) {
    this.#store = new VisitorStore(String(raw.id || ''));
    const existing = this.#existing;
    // Pre-rendered markup names its variant when the host chose one; else it is drawn here.
    const chosen = existing?.getAttribute('data-variant');
    this.variant = chosen && (raw.variants || []).some((v) => v.id === chosen) ? chosen : assignVariant(raw, this.#store);
    if (chosen && this.variant === chosen) this.#store.set('variant', chosen);
    this.#campaign = applyVariant(raw, this.variant);
    this.#locale = chooseLocale(this.#campaign, this.#options.locale || existing?.getAttribute('lang'), this.#doc);
    const options = { locale: this.#locale, variant: this.variant, strings: this.#options.strings };
    let view;
    if (existing) {
      const steps = viewSteps(this.#campaign, options);
      for (let step = null; !step?.done;) {
        await nextTask();
        if (this.#stopped) return;
        step = steps.next();
        view = step.value;
      }
      await nextTask();
      if (this.#stopped) return;
    } else {
      view = renderView(this.#campaign, options);
    }
    const adopted = existing && adopt(view.root, existing);
    if (adopted) {
      remap(view, adopted.pairs);
    } else if (existing) {
      console.warn('magnete: the pre-rendered markup is not this campaign\'s; rendered again');
      existing.replaceWith(view.root);
    } else {
      await this.#options.styled; // rendered off the page meanwhile: no unstyled flash
      if (this.#stopped) return;
      this.#shadow.append(view.root);
    }
    this.#existing = null;
    this.#view = view;
    ({ root: this.#root, ui: this.#ui, quiz: this.#quiz, offers: this.#offers, t: this.#t, text: this.#text } = view);
    this.#known = new Set(Object.keys(this.#store.get('contact', {})));
    this.#ui.notYou = markKnown(this.#ui, this.#known, this.#t);
    if (this.#ui.notYou) flow.begin(view);
    if (existing) await nextTask();
    if (this.#stopped) return;
    this.#wire();
    this.#stopTracking = startTracking(this.#doc, (event) => this.#record(event));
  }

  // A returning visitor who consented before: known fields, consents and past interactions.
  #restore() {
    if (!this.#store.persisted) return;
    for (const [name, value] of Object.entries(this.#store.get('contact', {}))) {
      this.#engine.setField(name, value, this.#locale);
    }
    for (const record of this.#store.get('consents', [])) {
      const entry = this.#ui.consents.get(record.id);
      if (!entry || entry.consent.version !== record.version) continue; // a new text: ask again
      entry.input.checked = record.granted;
      entry.recorded = true;
      this.#engine.setConsent(record);
    }
    for (const event of this.#store.get('events', [])) this.#engine.addEvent(event);
    this.#store.set('visits', this.#store.get('visits', 0) + 1);
  }

  stop() {
    this.#stopped = true;
    this.#stopTracking?.();
    this.#engine?.dispose();
  }

  #fail(errors) {
    for (const e of errors) console.error(`magnete: ${e.path ? `${e.path}: ` : ''}${e.message}`);
    this.#shadow.replaceChildren(h('slot', { name: 'fallback' }));
    this.#stopTracking?.();
    this.#fire('error', { errors });
  }

  #fire(name, detail) {
    const full = { ...detail, variant: this.variant || null };
    this.#host.dispatchEvent(new CustomEvent(`magnete:${name}`, { detail: full, bubbles: true, composed: true }));
    if (this.#consented()) {
      (window.dataLayer ||= []).push({ event: `magnete_${name}`, magnete: full });
    }
  }

  #consented() {
    return this.#ui ? requiredGranted(this.#ui.consents) : false;
  }

  #withEngine(apply) {
    if (this.#engine) apply();
    else this.#pending.push(apply);
  }

  #record(event) {
    this.#pageEvents += 1;
    const essential = event.type === 'form_submit' || event.type === 'download';
    if (this.#pageEvents > MAX_PAGE_EVENTS && !essential) return;
    this.#withEngine(() => {
      this.#engine.addEvent(event);
      const events = this.#store.get('events', []);
      events.push(event);
      this.#store.set('events', events.slice(-MAX_STORED_EVENTS));
      this.#update();
    });
  }

  // Called once the required consent is granted: from now on the visitor's state is kept.
  #onConsented() {
    if (this.#store.persisted) return;
    const touch = this.#landing;
    this.#store.set('first_touch', this.#store.get('first_touch', { landing_page: touch.page_url,
      referrer: touch.referrer, utm: touch.utm, at: new Date(this.#startedAt).toISOString() }));
    this.#store.set('visits', this.#store.get('visits', 0) || 1);
    this.#store.persist(isoNow());
    outbox().persist();
  }

  #wire() {
    const { form, fields, consents } = this.#ui;
    for (const [name, entry] of fields) {
      if (entry.field.type === 'hidden') continue;
      const check = () => this.#withEngine(() => this.#checkField(name));
      const { control, error } = entry;
      control.addEventListener('change', check);
      control.addEventListener('focusout', check);
      control.addEventListener('input', () => {
        if (!error.hidden) check(); // clear a shown error as soon as it is fixed
      });
    }
    for (const entry of consents.values()) {
      entry.input.addEventListener('change', () => this.#withEngine(() => {
        entry.recorded = true;
        entry.at = new Date();
        this.#engine.setConsent(consentRecord(entry, this.#locale, entry.at));
        if (entry.input.checked) showError(entry, '');
        if (this.#consented()) this.#onConsented();
        this.#saveConsents();
        this.#update();
      }));
    }
    const view = this.#view;
    this.#ui.next.addEventListener('click', () => this.#withEngine(() => {
      if (this.#checkStep(view.step)) flow.showStep(view, flow.nextStep(view, view.step, 1));
    }));
    this.#ui.back.addEventListener('click', () => flow.back(view));
    form.addEventListener('submit', (event) => {
      if (this.#native) return;
      event.preventDefault();
      this.#withEngine(() => this.#submit());
    });
    if (this.#ui.notYou) {
      this.#ui.notYou.addEventListener('click', () => {
        this.#store.forget();
        this.#host.restart();
      });
    }
    if (!this.#quiz) return;
    this.#quiz.next.addEventListener('click', () => this.#withEngine(() => this.#answerCurrent()));
    this.#quiz.back.addEventListener('click', () => flow.showQuestion(view, view.question - 1));
  }

  #saveConsents() {
    if (!this.#store.persisted) return;
    const records = [];
    for (const entry of this.#ui.consents.values()) {
      if (entry.recorded) records.push(consentRecord(entry, this.#locale, entry.at));
    }
    this.#store.set('consents', records);
  }

  // --- quiz ---------------------------------------------------------------------------------

  #answerCurrent() {
    const view = this.#view;
    const entry = this.#quiz.questions[view.question];
    const result = this.#engine.answer(entry.question.id, answersOf(entry), this.#locale);
    showError(entry, result.ok ? '' : (result.message || result.errors?.[0]?.message));
    this.#update();
    if (!result.ok) {
      entry.fieldset.querySelector('input')?.focus();
      return;
    }
    if (view.question < this.#quiz.questions.length - 1) {
      flow.showQuestion(view, view.question + 1);
      return;
    }
    // Gate "none": the result now, the form below it; "before_result": the form first.
    const gated = (this.#campaign.quiz.gate || 'before_result') === 'before_result';
    flow.showForm(view, { outcome: gated ? null : this.#outcomeCard(), gated });
  }

  #outcomeCard() {
    const id = this.assessment?.outcome;
    const outcome = (this.#campaign.quiz?.outcomes || []).find((o) => o.id === id);
    return outcome ? renderOutcome(outcome, this.#text, this.#t) : null;
  }

  // --- form ---------------------------------------------------------------------------------

  #checkField(name) {
    const entry = this.#ui.fields.get(name);
    const result = this.#engine.setField(name, fieldValue(entry), this.#locale);
    showError(entry, result.ok ? '' : result.message);
    this.#showSuggestion(entry, result.suggestion);
    if (result.ok && this.#store.persisted) {
      const contact = this.#store.get('contact', {});
      if (result.value === null || result.value === undefined) delete contact[name];
      else contact[name] = result.value;
      this.#store.set('contact', contact);
    }
    this.#update();
    return result.ok;
  }

  #showSuggestion(entry, suggestion) {
    const box = entry.suggestion;
    if (!box) return;
    box.replaceChildren();
    box.hidden = !suggestion;
    if (!suggestion) return;
    const fix = h('button', { type: 'button', class: 'mg-fix' }, this.#t('use_suggestion', { value: suggestion }));
    fix.addEventListener('click', () => {
      entry.control.value = suggestion;
      this.#checkField(entry.field.name);
      entry.control.focus();
    });
    box.append(h('span', {}, this.#t('did_you_mean', { value: suggestion })), ' ', fix);
  }

  #checkStep(index) {
    let firstBad = null;
    for (const name of this.#ui.stepFields[index]) {
      if (this.#known.has(name)) continue;
      if (!this.#checkField(name) && !firstBad) firstBad = this.#ui.fields.get(name).control;
    }
    if (firstBad) firstBad.focus();
    return !firstBad;
  }

  // --- assessment, triggers -------------------------------------------------------------------

  #update() {
    if (!this.#engine) return;
    const result = this.#engine.assess();
    if (!result.ok) return;
    const previous = this.assessment;
    const { assessment } = result;
    const { stage } = assessment;
    this.assessment = assessment;
    if (!previous || previous.score !== assessment.score || previous.stage !== stage) {
      this.#fire('score', { assessment });
    }
    const order = assessment.stages.map((s) => s.stage);
    if (stage !== this.#stage && order.indexOf(stage) > order.indexOf(this.#stage)) {
      this.#fire('qualified', { stage, previous: this.#stage });
    }
    this.#stage = stage;
    this.#applyTriggers(result.triggers);
  }

  #applyTriggers(active) {
    for (const trigger of this.#campaign.triggers || []) {
      if (!active.includes(trigger.id)) continue;
      if (trigger.show) {
        for (const el of this.#doc.querySelectorAll(trigger.show)) el.hidden = false;
      }
      if (trigger.offer && !this.#shownOffers.has(trigger.id)) {
        this.#shownOffers.add(trigger.id);
        this.#offers.append(this.#offerCard(trigger));
      }
    }
  }

  #offerCard(trigger) {
    const offer = trigger.offer;
    const card = h('aside', { class: 'mg-offer', part: 'offer', 'aria-label': this.#text(offer.title) },
      h('h2', {}, this.#text(offer.title)),
      offer.body ? h('p', {}, this.#text(offer.body)) : null);
    if (offer.url) {
      const link = h('a', { class: 'mg-asset', href: new URL(offer.url, this.#doc.baseURI).href, part: 'button offer-cta' },
        this.#text(offer.cta) || this.#text(offer.title));
      link.addEventListener('click', () => this.#record({ type: 'offer_click', value: trigger.id, at: isoNow() }));
      card.append(link);
    }
    this.#fire('offer', { trigger: trigger.id });
    return card;
  }

  // --- submission -----------------------------------------------------------------------------

  async #submit() {
    const { steps, consents, submit, status } = this.#ui;
    for (let i = 0; i < steps.length; i++) {
      if (steps[i].dataset.known) continue;
      if (!this.#checkStep(i)) {
        flow.showStep(this.#view, i);
        this.#checkStep(i);
        setText(status, this.#t('fix_errors'));
        return;
      }
    }
    let missing = null;
    for (const entry of consents.values()) {
      // A box the visitor changed was recorded then (its time is when they decided); one
      // left alone is recorded now, as shown and not granted.
      if (!entry.recorded) this.#engine.setConsent(consentRecord(entry, this.#locale));
      const bad = entry.consent.required && !entry.input.checked;
      showError(entry, bad ? this.#t('consent_required') : '');
      if (bad && !missing) missing = entry.input;
    }
    if (missing) {
      missing.focus();
      setText(status, this.#t('consent_required'));
      return;
    }
    if (!this.#leadId) {
      this.#leadId = uuid(); // the idempotency key: the same for every retry of this lead
      this.#record({ type: 'form_submit', at: isoNow(), value: '' });
    }
    const touch = currentTouch(this.#doc);
    const first = this.#store.get('first_touch', null);
    const { id, version } = this.#engine.status.campaign;
    const built = this.#engine.buildPayload({
      id: this.#leadId,
      campaign: { id, version, variant: this.variant || undefined },
      locale: this.#locale,
      attribution: { ...touch, page_title: this.#doc.title.slice(0, 200),
        landing_page: first ? first.landing_page : this.#landing.page_url,
        first_touch: first || undefined, visits: this.#store.get('visits', 1) },
      meta: { hp: this.#ui.honeypot.value, elapsed_ms: Date.now() - this.#startedAt },
    });
    if (!built.ok) {
      this.#fail(built.errors);
      return;
    }
    this.#update();
    const delivery = this.#campaign.delivery;
    if (!delivery || !built.deliver) {
      // Nothing to send (no endpoint, or the campaign sends only qualified leads).
      this.#fire('submit', { id: this.#leadId, payload: built.payload, response: null, delivered: false });
      this.#showSuccess();
      return;
    }
    const vendor = built.format && built.format !== 'magnete-v1' && built.format !== 'webhook';
    const body = vendor ? built.body : built.payload;
    submit.disabled = true;
    setText(status, this.#t('sending'));
    const box = outbox();
    if (this.#consented()) box.persist();
    const settled = new Promise((resolve) => {
      box.watch(this.#leadId, {
        delivered: (item, result) => {
          this.#fire('submit', { id: this.#leadId, payload: built.payload, response: result.body, delivered: true });
          resolve('delivered');
        },
        failed: (item, result) => {
          this.#fire('error', { errors: [{ path: 'delivery', message: `answered ${result.status}` }],
            status: result.status, id: this.#leadId });
          resolve('failed');
        },
      });
    });
    box.add({
      id: this.#leadId,
      url: new URL(delivery.endpoint, this.#doc.baseURI).href,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      contentType: built.content_type || 'application/json',
      headers: delivery.headers || {},
      timeoutMs: delivery.timeout_ms || 10000,
    });
    // The first attempt decides what the visitor sees; a lead that must wait (offline,
    // 5xx, 429) is safe in the outbox, and the visitor gets what they asked for now.
    const outcome = await Promise.race([settled,
      box.flush().then(() => (box.has(this.#leadId) ? 'queued' : settled))]);
    submit.disabled = false;
    if (outcome === 'failed') {
      setText(status, this.#t('send_failed'));
      return;
    }
    this.#showSuccess(outcome === 'queued' ? this.#t('saved_offline') : '');
  }

  #showSuccess(note = '') {
    const content = this.#campaign.content;
    const view = h('div', { class: 'mg-success', role: 'status', tabindex: '-1' },
      h('p', {}, this.#text(this.#campaign.success_text) || this.#t('success')),
      note ? h('p', { class: 'mg-note' }, note) : null);
    const outcome = this.#quiz ? this.#outcomeCard() : null;
    if (outcome) view.prepend(outcome);
    if (content && content.url) {
      const link = h('a', { class: 'mg-asset', href: new URL(content.url, this.#doc.baseURI).href,
        target: '_blank', rel: 'noopener', part: 'button asset' }, this.#text(content.label) || this.#t('download'));
      link.addEventListener('click', () => this.#record({ type: 'download', at: isoNow(), value: content.url }));
      view.append(link);
    }
    this.#root.replaceChildren(view, this.#offers);
    view.focus();
  }
}
