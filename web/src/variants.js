// Weighted A/B variants: only the random draw is the widget's. The variants and their weights
// are the core's (status().variants), and so are their texts (the core opens the campaign as the
// variant drawn). The assignment is sticky: kept in the visitor's store (in memory before
// consent, so a page reload before consent may draw again; persisted after).

/** Picks a variant id by weight with a uniform number u in [0, 1). */
export function pickVariant(variants, u) {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let ticket = u * total;
  for (const v of variants) {
    ticket -= v.weight;
    if (ticket < 0) return v.id;
  }
  return variants[variants.length - 1].id;
}

/** The variant for this visitor among `variants` ([{id, weight}], resolved by the core): the
 *  stored one if still drawn, else a new draw; '' when there is none to draw. */
export function assignVariant(variants, store, random = () => crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32) {
  const drawn = variants.filter((v) => v.weight > 0);
  if (!drawn.length) return '';
  const known = store.get('variant');
  if (drawn.some((v) => v.id === known)) return known;
  const id = pickVariant(drawn, random());
  store.set('variant', id);
  return id;
}
