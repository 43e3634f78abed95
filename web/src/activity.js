// What the visitor does, told to the core, and what the core concludes: interactions (capped per
// page), consent decisions (which, once the core's required consents are all granted, let the
// visitor's record and the outbox be kept), and after each change the assessment, with the
// events it calls for: magnete:score when the score or stage changes, magnete:qualified when the
// lead becomes qualified (the core's one meaning), and the triggers the core finds active.
import { consentRecord, requiredGranted } from './consent.js';
import { showError } from './form.js';

// Interactions scored per page view: a visitor who clicks a marked link a thousand times
// still sends a lead well under the 50 KB a keepalive request allows.
const MAX_PAGE_EVENTS = 200;

export class Activity {
  /** The latest assessment from the core, or null before the first one. */
  assessment = null;
  #c;
  #events = 0;
  #stage = 'visitor';
  #qualified = false;

  /** `c`: {engine, view, locale, visitor (visitor.js), outbox, offers (offers.js), fire(name, detail)}
   *  (the controller's parts, shared). */
  constructor(c) {
    this.#c = c;
  }

  /** Whether every consent the core names as required is ticked. */
  consented() {
    return requiredGranted(this.#c.view.ui.consents, this.#c.engine.status.required_consents);
  }

  /** One interaction ({type, at, value}); past 200 on this page only those a lead needs. */
  record(event) {
    this.#events += 1;
    if (this.#events > MAX_PAGE_EVENTS && event.type !== 'form_submit' && event.type !== 'download') return;
    this.#c.engine.addEvent(event);
    this.#c.visitor.addEvent(event);
    this.update();
  }

  /** The visitor ticked or unticked a consent box (`entry`, form.js): recorded with its time. */
  consent(entry) {
    const { engine, view, locale, visitor, outbox } = this.#c;
    entry.recorded = true;
    entry.at = new Date();
    engine.setConsent(consentRecord(entry, locale, entry.at));
    if (entry.input.checked) showError(entry, '');
    if (this.consented()) {
      visitor.consented();
      outbox.persist();
    }
    visitor.saveConsents(view.ui.consents, locale);
    this.update();
  }

  /** Asks the core for the assessment now and fires what changed. */
  update() {
    const result = this.#c.engine.assess();
    if (!result.ok) return;
    const previous = this.assessment;
    const { assessment } = result;
    this.assessment = assessment;
    if (!previous || previous.score !== assessment.score || previous.stage !== assessment.stage) {
      this.#c.fire('score', { assessment });
    }
    if (result.qualified && !this.#qualified) this.#c.fire('qualified', { stage: assessment.stage, previous: this.#stage });
    this.#qualified = result.qualified;
    this.#stage = assessment.stage;
    this.#c.offers.apply(result.triggers);
  }
}
