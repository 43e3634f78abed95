// <magnete-widget campaign="URL | #inline-json-id">: renders the campaign's form in a Shadow
// DOM, feeds the visitor's input and interactions to the core, and delivers the lead.
import styles from '../styles/widget.css';
import { consentRecord, requiredGranted } from './consent.js';
import { h, setText } from './dom.js';
import { Engine, loadCore } from './engine.js';
import { renderForm, showError } from './form.js';
import { chooseLocale, pick, translator } from './i18n.js';
import { startTracking } from './tracker.js';
import { postJson } from './transport.js';

let sheet = null;
function adoptStyles(shadow) {
  // A constructed stylesheet: no <style> element, so style-src 'self' pages accept it.
  if (!sheet && 'adoptedStyleSheets' in Document.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(styles);
  }
  if (sheet) shadow.adoptedStyleSheets = [sheet];
}

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Reads a campaign from a URL or from an inline <script type="application/json" id>. */
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
    const response = await fetch(new URL(ref, doc.baseURI), { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`campaign ${ref} answered ${response.status}`);
    text = await response.text();
  }
  return { text, json: JSON.parse(text) };
}

export class MagneteWidget extends HTMLElement {
  static define(tag = 'magnete-widget', registry = window.customElements) {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  static get observedAttributes() {
    return ['campaign', 'locale'];
  }

  #config = null;
  #options = {};
  #run = null;

  /** URL of the campaign file, or "#id" of an inline JSON block (reflects the attribute). */
  get campaign() {
    return this.getAttribute('campaign') ?? '';
  }
  set campaign(value) {
    this.setAttribute('campaign', value);
  }
  /** Preferred locale ("it", "en"); else <html lang>, else the browser's (reflects). */
  get locale() {
    return this.getAttribute('locale') ?? '';
  }
  set locale(value) {
    this.setAttribute('locale', value);
  }
  /** The latest assessment from the core, or null before the first one. */
  get assessment() {
    return this.#run?.assessment ?? null;
  }

  /** Mounts with a campaign object (or URL) and options ({locale, strings}). */
  configure(campaign, options = {}) {
    this.#config = campaign;
    this.#options = options;
    if (this.isConnected) this.#restart();
  }

  connectedCallback() {
    if (!this.#run) this.#restart();
  }

  disconnectedCallback() {
    this.#run?.stop();
    this.#run = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue && this.#run) this.#restart();
  }

  #restart() {
    this.#run?.stop();
    const shadow = this.shadowRoot || this.attachShadow({ mode: 'open' });
    adoptStyles(shadow);
    shadow.replaceChildren();
    this.#run = new Run(this, shadow, this.#config ?? this.campaign, {
      locale: this.locale,
      ...this.#options,
    });
  }
}

/** One mounted campaign: form, engine, tracking. */
class Run {
  constructor(host, shadow, source, options) {
    this.host = host;
    this.shadow = shadow;
    this.options = options;
    this.engine = null;
    this.assessment = null;
    this.pending = []; // interactions before the engine is ready
    this.leadId = null;
    this.stopped = false;
    this.startedAt = Date.now();
    this.stage = 'visitor';
    this.start(source).catch((error) => this.fail([{ path: '', message: String(error.message || error) }]));
  }

  async start(source) {
    const core = loadCore(); // in parallel with the campaign and the first render
    const campaign = await readCampaign(source, this.host.ownerDocument);
    if (this.stopped) return;
    this.campaign = campaign.json;
    this.locale = chooseLocale(this.campaign, this.options.locale);
    this.t = translator(this.locale, this.options.strings);
    this.text = (value) => pick(value, this.locale, this.campaign.default_locale || 'en');
    this.ui = renderForm(this.campaign, this.locale, this.t);
    this.shadow.append(this.ui.form);
    this.wire();
    this.showStep(0);
    this.stopTracking = startTracking(this.host.ownerDocument, (event) => this.record(event));

    const module = await core;
    if (this.stopped) return;
    this.engine = new Engine(module, campaign.text);
    if (!this.engine.ok) {
      this.fail(this.engine.status.errors);
      return;
    }
    this.fire('ready', { campaign: this.engine.status.campaign, locale: this.locale });
    for (const apply of this.pending.splice(0)) apply();
    this.update();
  }

  stop() {
    this.stopped = true;
    this.stopTracking?.();
    this.engine?.dispose();
  }

  fail(errors) {
    for (const e of errors) console.error(`magnete: ${e.path ? `${e.path}: ` : ''}${e.message}`);
    this.shadow.replaceChildren(h('slot', { name: 'fallback' }));
    this.fire('error', { errors });
  }

  fire(name, detail) {
    this.host.dispatchEvent(new CustomEvent(`magnete:${name}`, { detail, bubbles: true, composed: true }));
    if (this.consented()) {
      window.dataLayer = window.dataLayer || [];
      window.dataLayer.push({ event: `magnete_${name}`, magnete: detail });
    }
  }

  consented() {
    return this.ui ? requiredGranted(this.ui.consents) : false;
  }

  // Runs now when the engine is ready, else once it is.
  withEngine(apply) {
    if (this.engine) apply();
    else this.pending.push(apply);
  }

  record(event) {
    this.withEngine(() => {
      this.engine.addEvent(event);
      this.update();
    });
  }

  wire() {
    const { form, fields, consents } = this.ui;
    for (const [name, entry] of fields) {
      if (entry.field.type === 'hidden') continue;
      const check = () => this.withEngine(() => this.checkField(name));
      entry.control.addEventListener('change', check);
      entry.control.addEventListener('focusout', check);
      entry.control.addEventListener('input', () => {
        if (!entry.error.hidden) check(); // clear a shown error as soon as it is fixed
      });
    }
    for (const entry of consents.values()) {
      entry.input.addEventListener('change', () => this.withEngine(() => {
        entry.recorded = true;
        this.engine.setConsent(consentRecord(entry, this.locale));
        if (entry.input.checked) showError(entry, '');
        this.update();
      }));
    }
    this.ui.next.addEventListener('click', () => this.withEngine(() => {
      if (this.checkStep(this.step)) this.showStep(this.step + 1);
    }));
    this.ui.back.addEventListener('click', () => this.showStep(this.step - 1));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.withEngine(() => this.submit());
    });
  }

  showStep(index) {
    const { steps, back, next, submit, progress } = this.ui;
    this.step = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach((fieldset, i) => { fieldset.hidden = i !== this.step; });
    const last = this.step === steps.length - 1;
    back.hidden = this.step === 0;
    next.hidden = last;
    submit.hidden = !last;
    progress.hidden = steps.length < 2;
    setText(progress, this.t('step', { n: this.step + 1, total: steps.length }));
    if (index !== 0) steps[this.step].querySelector('input, select, textarea')?.focus();
  }

  checkField(name) {
    const entry = this.ui.fields.get(name);
    const result = this.engine.setField(name, entry.get(), this.locale);
    showError(entry, result.ok ? '' : result.message);
    this.showSuggestion(entry, result.suggestion);
    this.update();
    return result.ok;
  }

  showSuggestion(entry, suggestion) {
    const box = entry.suggestion;
    if (!box) return;
    box.replaceChildren();
    box.hidden = !suggestion;
    if (!suggestion) return;
    const fix = h('button', { type: 'button', class: 'mg-fix' }, this.t('use_suggestion', { value: suggestion }));
    fix.addEventListener('click', () => {
      entry.control.value = suggestion;
      this.checkField(entry.field.name);
      entry.control.focus();
    });
    box.append(h('span', {}, this.t('did_you_mean', { value: suggestion })), ' ', fix);
  }

  checkStep(index) {
    const names = [...this.ui.steps[index].querySelectorAll('[name]')].map((el) => el.name);
    let firstBad = null;
    for (const name of new Set(names)) {
      if (!this.ui.fields.has(name)) continue;
      if (!this.checkField(name) && !firstBad) firstBad = this.ui.fields.get(name).control;
    }
    if (firstBad) firstBad.focus();
    return !firstBad;
  }

  update() {
    if (!this.engine) return;
    const result = this.engine.assess();
    if (!result.ok) return;
    const previous = this.assessment;
    this.assessment = result.assessment;
    this.deliver = result.deliver;
    if (!previous || previous.score !== result.assessment.score || previous.stage !== result.assessment.stage) {
      this.fire('score', { assessment: result.assessment });
    }
    const order = result.assessment.stages.map((s) => s.stage);
    if (result.assessment.stage !== this.stage &&
        order.indexOf(result.assessment.stage) > order.indexOf(this.stage)) {
      this.fire('qualified', { stage: result.assessment.stage, previous: this.stage });
    }
    this.stage = result.assessment.stage;
    this.applyTriggers(result.triggers);
  }

  applyTriggers(active) {
    for (const trigger of this.campaign.triggers || []) {
      if (!active.includes(trigger.id) || !trigger.show) continue;
      for (const el of this.host.ownerDocument.querySelectorAll(trigger.show)) el.hidden = false;
    }
  }

  async submit() {
    const { steps, consents, submit, status } = this.ui;
    for (let i = 0; i < steps.length; i++) {
      if (!this.checkStep(i)) {
        this.showStep(i);
        this.checkStep(i);
        setText(status, this.t('fix_errors'));
        return;
      }
    }
    let missing = null;
    for (const entry of consents.values()) {
      // A box the visitor changed was recorded then (its time is when they decided); one
      // left alone is recorded now, as shown and not granted.
      if (!entry.recorded) this.engine.setConsent(consentRecord(entry, this.locale));
      const bad = entry.consent.required && !entry.input.checked;
      showError(entry, bad ? this.t('consent_required') : '');
      if (bad && !missing) missing = entry.input;
    }
    if (missing) {
      missing.focus();
      setText(status, this.t('consent_required'));
      return;
    }
    if (!this.leadId) {
      this.leadId = uuid(); // the idempotency key: the same for every retry of this lead
      this.engine.addEvent({ type: 'form_submit', at: new Date().toISOString(), value: '' });
    }
    const built = this.engine.buildPayload({
      id: this.leadId,
      locale: this.locale,
      attribution: attribution(this.host.ownerDocument),
      meta: { hp: this.ui.honeypot.value, elapsed_ms: Date.now() - this.startedAt },
    });
    if (!built.ok) {
      this.fail(built.errors);
      return;
    }
    this.update();
    submit.disabled = true;
    setText(status, this.t('sending'));
    const delivery = this.campaign.delivery;
    let sent = { ok: true, status: 0 };
    if (delivery && built.deliver) {
      sent = await postJson(new URL(delivery.endpoint, this.host.ownerDocument.baseURI).href, built.payload, {
        timeoutMs: delivery.timeout_ms || 10000,
        headers: delivery.headers || {},
      });
    }
    submit.disabled = false;
    if (!sent.ok) {
      setText(status, this.t('send_failed'));
      this.fire('error', { errors: [{ path: 'delivery', message: `answered ${sent.status}` }], status: sent.status });
      return;
    }
    this.fire('submit', { id: this.leadId, payload: built.payload, response: sent.body });
    this.showSuccess();
  }

  showSuccess() {
    const content = this.campaign.content;
    const view = h('div', { class: 'mg-success', role: 'status', tabindex: '-1' },
      h('p', {}, this.text(this.campaign.success_text) || this.t('success')));
    if (content && content.url) {
      const link = h('a', { class: 'mg-asset', href: new URL(content.url, this.host.ownerDocument.baseURI).href,
        target: '_blank', rel: 'noopener', part: 'button asset' }, this.text(content.label) || this.t('download'));
      link.addEventListener('click', () => {
        this.engine.addEvent({ type: 'download', at: new Date().toISOString(), value: content.url });
        this.update();
      });
      view.append(link);
    }
    this.ui.form.replaceWith(view);
    view.focus();
  }
}

function attribution(doc) {
  const url = new URL(doc.location.href);
  const utm = {};
  for (const key of ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']) {
    const value = url.searchParams.get(key);
    if (value) utm[key.slice(4)] = value;
  }
  return { page_url: url.href, referrer: doc.referrer || '', utm, landing_page: url.href };
}
