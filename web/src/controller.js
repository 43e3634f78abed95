// One mounted campaign, coordinated: the core resolves the campaign (engine.js) as the visitor's
// variant, the view is rendered or pre-rendered markup adopted (view.js, adopt.js), and the
// page's controls are wired to the parts that do the work: flow.js (steps and quiz), checks.js
// (values), activity.js (interactions, consents, the assessment and its events), submission.js
// (sending), visitor.js (the visitor's record), offers.js (triggers, outcome). Every decision
// about the lead is the core's.
import { Activity } from './activity.js';
import { place } from './adopt.js';
import { readCampaign } from './campaign-source.js';
import { FieldChecks } from './checks.js';
import { h } from './dom.js';
import { Engine, loadCore, prefetchCore } from './engine.js';
import * as flow from './flow.js';
import { markKnown } from './form.js';
import { chooseLocale } from './i18n.js';
import { Offers } from './offers.js';
import { outbox } from './outbox.js';
import { Submission } from './submission.js';
import { currentTouch, startTracking } from './tracker.js';
import { viewSteps } from './view.js';
import { VisitorRecord } from './visitor.js';
import { nextTask } from './when.js';

export class Controller {
  /** The A/B variant shown to this visitor ("" when the campaign has none). */
  variant = '';

  #host;
  #doc;
  #shadow;
  #options;
  #existing; // pre-rendered markup to adopt (web/prerender.mjs), or null
  #engine = null;
  #stopped = false;
  #native = false; // the form posts itself to the collector (#degrade)
  #startedAt = Date.now();
  #landing; // where this visit began (kept in memory)
  #view = null;
  #visitor;
  #checks;
  #activity = null;
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

  /** The latest assessment from the core, or null before the first one. */
  get assessment() {
    return this.#activity?.assessment ?? null;
  }

  // The core opens the campaign, then as the visitor's variant (it applies the variant); the
  // view is rendered from what it resolved. Each step in a task of its own.
  async #start(source) {
    let text, json, core;
    try {
      prefetchCore();
      ({ text, json } = await readCampaign(source, this.#doc));
      await nextTask();
      core = await loadCore(text); // the lean core, or the full one when it says so
    } catch (error) {
      this.#degrade(error);
      return;
    }
    if (this.#stopped) return;
    await nextTask();
    const probe = new Engine(core, text);
    if (!probe.ok) {
      this.#fail(probe.status.errors);
      return;
    }
    this.#visitor = new VisitorRecord(probe.status.campaign.id, this.#landing, this.#startedAt);
    this.variant = this.#visitor.variant(probe.status.variants, this.#existing?.getAttribute('data-variant'));
    if (this.variant) probe.dispose();
    const engine = this.variant ? new Engine(core, text, this.variant) : probe;
    this.#engine = engine;
    const locale = chooseLocale(engine.status, this.#options.locale || this.#existing?.getAttribute('lang'), this.#doc);
    await this.#render(json, locale);
    if (this.#stopped) return;
    performance.mark?.('magnete:ready');
    this.#fire('ready', { campaign: engine.status.campaign, locale, variant: this.variant });
    outbox().resume(); // leads an earlier visit could not deliver
    const { ui } = this.#view;
    this.#visitor.restore(engine, ui.consents, locale);
    this.#checks.fillHidden(this.#options.values, new URL(this.#doc.location.href).searchParams);
    this.#checks.prefilled(this.#shadow.activeElement); // typed into pre-rendered markup before us
    for (const entry of ui.consents.values()) if (entry.input.checked && !entry.recorded) this.#activity.consent(entry);
    // Interactions from now on (the first: this page view), after what the record restored.
    this.#stopTracking = startTracking(this.#doc, (event) => this.#activity.record(event));
    this.#activity.update();
  }

  // The campaign or the core could not be loaded (offline, blocked, a server error). Pre-rendered
  // markup that posts to the collector stays and does so without script (<magnete-widget static>:
  // every step at once); otherwise the host's fallback content shows.
  #degrade(error) {
    const message = String(error?.message || error);
    if (!this.#existing?.querySelector('form')?.getAttribute('action')) {
      this.#fail([{ path: '', message }]);
      return;
    }
    console.error(`magnete: ${message}; the form is sent without script`);
    this.#native = true;
    this.#host.setAttribute('static', '');
    this.#fire('error', { errors: [{ path: '', message }] });
  }

  /** Sets a hidden field's value; false when the campaign has no such hidden field. */
  setValue(name, value) {
    if (!this.#view) {
      this.#options = { ...this.#options, values: { ...this.#options.values, [name]: value } };
      return true;
    }
    return this.#checks.setHidden(name, value);
  }

  // Renders the view, or adopts pre-rendered markup (adopt.js place); then its parts and wiring.
  async #render(campaign, locale) {
    const engine = this.#engine;
    const resolved = engine.status;
    const placed = await place(viewSteps(campaign, resolved, { locale, strings: this.#options.strings }), this.#existing,
      this.#shadow, this.#options.styled, () => this.#stopped, nextTask);
    if (!placed) return;
    const { view } = placed;
    this.#existing = null;
    const known = this.#visitor.known();
    view.ui.notYou = markKnown(view.ui, known, view.t);
    if (view.ui.notYou) flow.begin(view);
    // What the parts work with: one object, shared.
    const c = { view, engine, campaign, locale, doc: this.#doc, visitor: this.#visitor, outbox: outbox(),
      startedAt: this.#startedAt, touch: () => currentTouch(this.#doc), fire: (name, detail) => this.#fire(name, detail),
      record: (event) => this.#activity.record(event), update: () => this.#activity.update(),
      fail: (errors) => this.#fail(errors) };
    c.offers = new Offers(c);
    this.#activity = new Activity(c);
    c.checks = this.#checks = new FieldChecks(c, known);
    const submission = new Submission(c);
    if (placed.adopted) await nextTask();
    if (this.#stopped) return;
    this.#view = view;
    this.#wire(view, submission, c.offers);
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

  // A namespaced DOM event; after the required consents, the tag manager's dataLayer too.
  #fire(name, detail) {
    const full = { ...detail, variant: this.variant || null };
    this.#host.dispatchEvent(new CustomEvent(`magnete:${name}`, { detail: full, bubbles: true, composed: true }));
    if (this.#activity?.consented()) (window.dataLayer ||= []).push({ event: `magnete_${name}`, magnete: full });
  }

  #wire(view, submission, offers) {
    const { ui, quiz } = view;
    this.#checks.listen();
    for (const entry of ui.consents.values()) entry.input.addEventListener('change', () => this.#activity.consent(entry));
    ui.next.addEventListener('click', () => this.#checks.step(view.step) && flow.showStep(view, flow.nextStep(view, view.step, 1)));
    ui.back.addEventListener('click', () => flow.back(view));
    ui.form.addEventListener('submit', (event) => {
      if (this.#native) return;
      event.preventDefault();
      submission.send();
    });
    ui.notYou?.addEventListener('click', () => {
      this.#visitor.forget();
      this.#host.restart();
    });
    quiz?.next.addEventListener('click', () => {
      const { ok } = this.#checks.answer();
      this.#activity.update();
      flow.answered(view, ok, () => offers.outcome(this.assessment?.outcome));
    });
    quiz?.back.addEventListener('click', () => flow.showQuestion(view, view.question - 1));
  }
}
