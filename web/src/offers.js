// What the widget shows beside the form once the core says so: the host elements and in-widget
// offers of the triggers the core found active, and the quiz's outcome card. Which trigger is
// on, and which outcome, is the core's; the campaign gives their texts.
import { h } from './dom.js';
import { renderOutcome } from './quiz.js';

export class Offers {
  #view;
  #campaign;
  #doc;
  #onShown;
  #onClick;
  #shown = new Set();

  /** `onShown(trigger id)` when an offer first shows; `onClick(trigger id)` on its link. */
  constructor(view, campaign, doc, { onShown, onClick }) {
    this.#view = view;
    this.#campaign = campaign;
    this.#doc = doc;
    this.#onShown = onShown;
    this.#onClick = onClick;
  }

  /** Applies the active triggers (ids, from Engine.assess): reveals each one's `show` element
   *  (removes `hidden`) and shows each offer once. */
  apply(active) {
    for (const trigger of this.#campaign.triggers || []) {
      if (!active.includes(trigger.id)) continue;
      if (trigger.show) {
        for (const el of this.#doc.querySelectorAll(trigger.show)) el.hidden = false;
      }
      if (trigger.offer && !this.#shown.has(trigger.id)) {
        this.#shown.add(trigger.id);
        this.#view.offers.append(this.#card(trigger));
        this.#onShown(trigger.id);
      }
    }
  }

  /** The card of the quiz outcome `id` (the core's), or null. */
  outcome(id) {
    const outcome = (this.#campaign.quiz?.outcomes || []).find((o) => o.id === id);
    return outcome ? renderOutcome(outcome, this.#view.text, this.#view.t) : null;
  }

  #card(trigger) {
    const { text } = this.#view;
    const offer = trigger.offer;
    const card = h('aside', { class: 'mg-offer', part: 'offer', 'aria-label': text(offer.title) },
      h('h2', {}, text(offer.title)),
      offer.body ? h('p', {}, text(offer.body)) : null);
    if (offer.url) {
      const link = h('a', { class: 'mg-asset', href: new URL(offer.url, this.#doc.baseURI).href, part: 'button offer-cta' },
        text(offer.cta) || text(offer.title));
      link.addEventListener('click', () => this.#onClick(trigger.id));
      card.append(link);
    }
    return card;
  }
}
