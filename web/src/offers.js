// What the widget shows beside the form once the core says so: the host elements and in-widget
// offers of the triggers the core found active, and the quiz's outcome card. Which trigger is
// on, and which outcome, is the core's; the campaign gives their texts.
import { h } from './dom.js';
import { renderOutcome } from './quiz.js';

export class Offers {
  #c;
  #shown = new Set();

  /** `c`: {view, campaign, doc, fire(name, detail) (magnete:offer when an offer first shows),
   *  record(event) (offer_click on its link)}. */
  constructor(c) {
    this.#c = c;
  }

  /** Applies the active triggers (ids, from Engine.assess): reveals each one's `show` element
   *  (removes `hidden`) and shows each offer once. */
  apply(active) {
    const { campaign, doc, view, fire } = this.#c;
    for (const trigger of campaign.triggers || []) {
      if (!active.includes(trigger.id)) continue;
      if (trigger.show) {
        for (const el of doc.querySelectorAll(trigger.show)) el.hidden = false;
      }
      if (trigger.offer && !this.#shown.has(trigger.id)) {
        this.#shown.add(trigger.id);
        view.offers.append(this.#card(trigger));
        fire('offer', { trigger: trigger.id });
      }
    }
  }

  /** The card of the quiz outcome `id` (the core's), or null. */
  outcome(id) {
    const { campaign, view } = this.#c;
    const outcome = (campaign.quiz?.outcomes || []).find((o) => o.id === id);
    return outcome ? renderOutcome(outcome, view.text, view.t) : null;
  }

  #card(trigger) {
    const { view: { text }, doc, record } = this.#c;
    const offer = trigger.offer;
    const card = h('aside', { class: 'mg-offer', part: 'offer', 'aria-label': text(offer.title) },
      h('h2', {}, text(offer.title)),
      offer.body ? h('p', {}, text(offer.body)) : null);
    if (offer.url) {
      const link = h('a', { class: 'mg-asset', href: new URL(offer.url, doc.baseURI).href, part: 'button offer-cta' },
        text(offer.cta) || text(offer.title));
      link.addEventListener('click', () => record({ type: 'offer_click', value: trigger.id, at: new Date().toISOString() }));
      card.append(link);
    }
    return card;
  }
}
