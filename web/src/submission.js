// Sending the lead. Every step is checked by the core; the consents are recorded as shown; the
// core builds the ready request (Engine.buildPayload: url, content type, body, headers, timeout)
// or refuses with a code (consent_required, with the path of each consent missing), and the
// request goes into the outbox, which keeps it until the endpoint acknowledges it.
import { consentRecord } from './consent.js';
import { h, setText } from './dom.js';
import { showError } from './form.js';
import * as flow from './flow.js';

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
    .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

/**
 * One form's submission. `c` holds what it works with: {view, engine, campaign (the file, for
 * the asset), locale, doc, outbox, visitor (visitor.js), checks (checks.js), offers (offers.js),
 * startedAt, touch() (tracker.js currentTouch), record(event), fire(name, detail), fail(errors),
 * update()}.
 */
export class Submission {
  #c;
  #leadId = null; // the idempotency key: the same for every retry of this lead

  constructor(c) {
    this.#c = c;
  }

  /** Checks, builds and sends. Resolves to what happened: "invalid" (a field), "consent" (a
   *  required consent missing), "failed" (the core or the endpoint refused it), "queued" (kept
   *  in the outbox for later), "delivered", or "kept" (nothing to send). */
  async send() {
    const { view, engine, locale, doc, outbox, visitor } = this.#c;
    const { ui, t } = view;
    for (let i = 0; i < ui.steps.length; i++) {
      if (ui.steps[i].dataset.known || this.#c.checks.step(i)) continue;
      flow.showStep(view, i);
      this.#c.checks.step(i);
      setText(ui.status, t('fix_errors'));
      return 'invalid';
    }
    for (const entry of ui.consents.values()) {
      // A box the visitor changed was recorded then (its time is when they decided); one left
      // alone is recorded now, as shown.
      if (!entry.recorded) engine.setConsent(consentRecord(entry, locale));
      showError(entry, '');
    }
    if (!this.#leadId) {
      this.#leadId = uuid();
      this.#c.record({ type: 'form_submit', at: new Date().toISOString(), value: '' });
    }
    const built = engine.buildPayload({
      id: this.#leadId,
      locale,
      attribution: visitor.attribution(this.#c.touch(), doc.title),
      meta: { hp: ui.honeypot.value, elapsed_ms: Date.now() - this.#c.startedAt },
    });
    if (built.code === 'consent_required') return this.#missingConsent(built.errors);
    if (!built.ok) {
      this.#c.fail(built.errors);
      return 'failed';
    }
    this.#c.update();
    const id = this.#leadId;
    const { request } = built;
    if (!request) {
      this.#c.fire('submit', { id, payload: built.payload, response: null, delivered: false });
      this.#success();
      return 'kept';
    }
    ui.submit.disabled = true;
    setText(ui.status, t('sending'));
    const settled = new Promise((resolve) => {
      outbox.watch(id, {
        delivered: (item, result) => {
          this.#c.fire('submit', { id, payload: built.payload, response: result.body, delivered: true });
          resolve('delivered');
        },
        failed: (item, result) => {
          this.#c.fire('error', { errors: [{ path: 'delivery', message: `answered ${result.status}` }],
            status: result.status, id });
          resolve('failed');
        },
      });
    });
    outbox.persist(); // the core built it: the required consents are granted
    outbox.add({ id, url: new URL(request.url, doc.baseURI).href, body: request.body,
      contentType: request.content_type, headers: request.headers, timeoutMs: request.timeout_ms });
    // The first attempt decides what the visitor sees; a lead that must wait (offline, 5xx, 429)
    // is safe in the outbox, and the visitor gets what they asked for now.
    const outcome = await Promise.race([settled, outbox.flush().then(() => (outbox.has(id) ? 'queued' : settled))]);
    ui.submit.disabled = false;
    if (outcome === 'failed') setText(ui.status, t('send_failed'));
    else this.#success(outcome === 'queued' ? t('saved_offline') : '');
    return outcome;
  }

  // The core named each required consent not granted (path "consents.<id>"): said beside it.
  #missingConsent(errors) {
    const { ui, t } = this.#c.view;
    let first = null;
    for (const error of errors) {
      const entry = ui.consents.get(error.path.slice('consents.'.length));
      if (!entry) continue;
      showError(entry, t('consent_required'));
      first ||= entry.input;
    }
    first?.focus();
    setText(ui.status, t('consent_required'));
    return 'consent';
  }

  // The success view: the campaign's success text (the variant's, resolved), the quiz outcome,
  // the asset, and the offers shown so far.
  #success(note = '') {
    const { view, campaign, doc, offers, engine } = this.#c;
    const { text, t } = view;
    const content = campaign.content;
    const box = h('div', { class: 'mg-success', role: 'status', tabindex: '-1' },
      h('p', {}, text(view.resolved.texts.success_text) || t('success')),
      note ? h('p', { class: 'mg-note' }, note) : null);
    const outcome = view.quiz ? offers.outcome(engine.assess().assessment?.outcome) : null;
    if (outcome) box.prepend(outcome);
    if (content?.url) {
      const link = h('a', { class: 'mg-asset', href: new URL(content.url, doc.baseURI).href,
        target: '_blank', rel: 'noopener', part: 'button asset' }, text(content.label) || t('download'));
      link.addEventListener('click', () => this.#c.record({ type: 'download', at: new Date().toISOString(), value: content.url }));
      box.append(link);
    }
    view.root.replaceChildren(box, view.offers);
    box.focus();
  }
}
