// One mounted campaign: the views (quiz, form, result), the Engine, tracking, the visitor's
// store, variants, triggers and delivery. Every decision about the lead is the core's; this
// file sequences the views and moves values between the page and the Engine.
import { consentRecord, requiredGranted } from './consent.js';
import { h, setText } from './dom.js';
import { Engine, loadCore } from './engine.js';
import { renderForm, showError } from './form.js';
import { chooseLocale, pick, translator } from './i18n.js';
import { renderOutcome, renderQuiz, showQuestion } from './quiz.js';
import { VisitorStore } from './storage.js';
import { currentTouch, startTracking } from './tracker.js';
import { outbox } from './outbox.js';
import { applyVariant, assignVariant } from './variants.js';

const MAX_STORED_EVENTS = 200;
// Interactions scored per page view: a visitor who clicks a marked link a thousand times
// still sends a lead well under the 50 KB a keepalive request allows.
const MAX_PAGE_EVENTS = 200;

/** Resolves after the next frame has been painted. */
function nextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

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
  #engine = null;
  #pending = []; // work that waits for the Engine
  #leadId = null;
  #stopped = false;
  #startedAt = Date.now();
  #stage = 'visitor';
  #shownOffers = new Set();
  #landing; // where this visit began (kept in memory)
  #pageEvents = 0;
  // Set by #render: the campaign as this variant shows it, its locale and texts, the views.
  #store;
  #campaign;
  #locale;
  #t;
  #text;
  #root;
  #known;
  #ui;
  #quiz;
  #offers;
  #stopTracking;
  #question;
  #step;

  constructor(host, shadow, source, options) {
    this.#host = host;
    this.#doc = host.ownerDocument;
    this.#shadow = shadow;
    this.#options = options;
    this.#landing = currentTouch(this.#doc);
    this.#start(source).catch((error) => this.#fail([{ path: '', message: String(error.message || error) }]));
  }

  async #start(source) {
    const core = loadCore(); // in parallel with the campaign and the first render
    const { text, json } = await readCampaign(source, this.#doc);
    if (this.#stopped) return;
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      this.#render(json);
      performance.mark?.('magnete:rendered');
      // Let the form paint before the core's work (instantiating it, validating the campaign)
      // takes the main thread: the visitor sees and can use the form first, and no single
      // task grows long.
      await nextPaint();
    }
    const module = await core;
    if (this.#stopped) return;
    this.#engine = new Engine(module, text);
    if (!this.#engine.ok) {
      this.#fail(this.#engine.status.errors);
      return;
    }
    if (!this.#campaign) this.#render(json); // unreachable: a valid campaign is an object
    performance.mark?.('magnete:ready');
    this.#fire('ready', { campaign: this.#engine.status.campaign, locale: this.#locale, variant: this.variant });
    outbox().resume(); // leads an earlier visit could not deliver
    this.#restore();
    for (const [name, value] of Object.entries(this.#hiddenValues())) this.setValue(name, value);
    for (const apply of this.#pending.splice(0)) apply();
    this.#update();
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

  #render(raw) {
    this.#store = new VisitorStore(String(raw.id || ''));
    this.variant = assignVariant(raw, this.#store);
    this.#campaign = applyVariant(raw, this.variant);
    this.#locale = chooseLocale(this.#campaign, this.#options.locale, this.#doc);
    this.#t = translator(this.#locale, this.#options.strings);
    const fallback = this.#campaign.default_locale || 'en';
    this.#text = (value) => pick(value, this.#locale, fallback);
    const prefix = `mg${Math.random().toString(36).slice(2, 8)}`;

    this.#root = h('div', { class: 'mg-root', lang: this.#locale, part: 'root' });
    this.#known = new Set(Object.keys(this.#store.get('contact', {})));
    this.#ui = renderForm(this.#campaign, this.#text, this.#t, { prefix, known: this.#known });
    this.#quiz = this.#campaign.quiz?.questions?.length
      ? renderQuiz(this.#campaign.quiz, this.#text, this.#t, prefix, this.#text(this.#campaign.title)) : null;
    this.#offers = h('div', { class: 'mg-offers' });
    this.#root.append(this.#quiz ? this.#quiz.root : this.#ui.form, this.#offers);
    this.#shadow.append(this.#root);
    this.#wire();
    if (this.#quiz) this.#showQuestion(0, false);
    else this.#showStep(0, false);
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
    this.#ui.next.addEventListener('click', () => this.#withEngine(() => {
      if (this.#checkStep(this.#step)) this.#showStep(this.#nextStep(this.#step, 1));
    }));
    this.#ui.back.addEventListener('click', () => {
      const previous = this.#nextStep(this.#step, -1);
      if (previous < 0 && this.#quiz) this.#showQuestion(this.#quiz.questions.length - 1);
      else this.#showStep(previous);
    });
    form.addEventListener('submit', (event) => {
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
    this.#quiz.back.addEventListener('click', () => this.#showQuestion(this.#question - 1));
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

  #showQuestion(index, focus = true) {
    this.#question = Math.max(0, Math.min(index, this.#quiz.questions.length - 1));
    this.#root.replaceChildren(this.#quiz.root, this.#offers);
    showQuestion(this.#quiz, this.#question, this.#t);
    if (focus) this.#quiz.questions[this.#question].legend.focus();
  }

  #answerCurrent() {
    const entry = this.#quiz.questions[this.#question];
    const result = this.#engine.answer(entry.question.id, entry.get(), this.#locale);
    showError(entry, result.ok ? '' : (result.message || result.errors?.[0]?.message));
    this.#update();
    if (!result.ok) {
      entry.fieldset.querySelector('input')?.focus();
      return;
    }
    if (this.#question < this.#quiz.questions.length - 1) {
      this.#showQuestion(this.#question + 1);
      return;
    }
    // Gate "none": the result now, the form below it; "before_result": the form first.
    const gated = (this.#campaign.quiz.gate || 'before_result') === 'before_result';
    this.#root.replaceChildren(...(gated ? [] : [this.#outcomeCard()].filter(Boolean)), this.#ui.form, this.#offers);
    setText(this.#ui.intro, gated ? this.#t('result_ready') : '');
    this.#ui.intro.hidden = !gated;
    this.#showStep(this.#nextStep(-1, 1));
  }

  #outcomeCard() {
    const id = this.assessment?.outcome;
    const outcome = (this.#campaign.quiz?.outcomes || []).find((o) => o.id === id);
    return outcome ? renderOutcome(outcome, this.#text, this.#t) : null;
  }

  // --- form ---------------------------------------------------------------------------------

  // The next step in `direction` that still asks something (progressive profiling: steps
  // whose every field is already known are skipped); -1 when there is none before.
  #nextStep(from, direction) {
    const { steps } = this.#ui;
    for (let i = from + direction; i >= 0 && i < steps.length; i += direction) {
      if (!steps[i].dataset.known) return i;
    }
    return direction > 0 ? steps.length - 1 : -1;
  }

  #showStep(index, focus = true) {
    const { steps, back, next, submit, progress } = this.#ui;
    if (index < 0) index = this.#nextStep(-1, 1);
    this.#step = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach((fieldset, i) => { fieldset.hidden = i !== this.#step; });
    const asking = steps.map((s, i) => (!s.dataset.known || i === steps.length - 1 ? i : -1)).filter((i) => i >= 0);
    const position = asking.indexOf(this.#step);
    const last = this.#step === steps.length - 1;
    back.hidden = position <= 0 && !this.#quiz;
    next.hidden = last;
    submit.hidden = !last;
    progress.hidden = asking.length < 2;
    setText(progress, this.#t('step', { n: position + 1, total: asking.length }));
    if (focus) steps[this.#step].querySelector('input:not([type=hidden]), select, textarea')?.focus();
  }

  #checkField(name) {
    const entry = this.#ui.fields.get(name);
    const result = this.#engine.setField(name, entry.get(), this.#locale);
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
        this.#showStep(i);
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
