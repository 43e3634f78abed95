// Weighted A/B variants. The assignment is sticky: kept in the visitor's store (in memory
// before consent, so a page reload before consent may assign again; persisted after).

/** Picks a variant by weight with a uniform number u in [0, 1). */
export function pickVariant(variants, u) {
  const total = variants.reduce((sum, v) => sum + (v.weight ?? 1), 0);
  let ticket = u * total;
  for (const v of variants) {
    ticket -= v.weight ?? 1;
    if (ticket < 0) return v.id;
  }
  return variants[variants.length - 1].id;
}

/** The campaign as this variant shows it: the variant's overrides replace top-level keys. */
export function applyVariant(campaign, variantId) {
  const variant = (campaign.variants || []).find((v) => v.id === variantId);
  if (!variant || !variant.overrides) return campaign;
  return { ...campaign, ...variant.overrides };
}

/** The variant for this visitor: the stored one if still offered, else a new draw. */
export function assignVariant(campaign, store) {
  const variants = (campaign.variants || []).filter((v) => (v.weight ?? 1) > 0);
  if (!variants.length) return '';
  const known = store.get('variant');
  if (variants.some((v) => v.id === known)) return known;
  const random = crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
  const id = pickVariant(variants, random);
  store.set('variant', id);
  return id;
}
