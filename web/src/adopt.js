// Adoption of pre-rendered markup (web/prerender.mjs): the page already shows the form the
// widget would render, and the visitor may already be typing in it. The widget renders the
// same view again off the page (cheap: no style or layout), checks that the page's markup has
// the same shape, and then uses the page's nodes for its own: nothing is replaced, so no flash,
// no layout shift, and what was typed, ticked and focused stays.

const isNode = (value) => value !== null && typeof value === 'object' && typeof value.nodeType === 'number';

/**
 * Pairs each node of `fresh` with the node of `existing` at the same place. The shapes (node
 * types, tag names, number of children) must be equal; texts and attributes that differ (a
 * variant's texts, another locale) are set on `existing` to the fresh values. Returns the map
 * fresh -> existing and the number of texts and attributes set, or null (nothing is changed)
 * when the shapes differ: the markup was rendered from another campaign.
 */
export function adopt(fresh, existing) {
  const pairs = new Map();
  const walk = (a, b) => {
    if (a.nodeType !== b.nodeType || (a.nodeType === 1 && a.localName !== b.localName)) return false;
    if (a.childNodes.length !== b.childNodes.length) return false;
    pairs.set(a, b);
    for (let i = 0; i < a.childNodes.length; i++) {
      if (!walk(a.childNodes[i], b.childNodes[i])) return false;
    }
    return true;
  };
  if (!walk(fresh, existing)) return null;
  let patched = 0;
  for (const [a, b] of pairs) {
    if (a.nodeType === 3) {
      if (a.data !== b.data) {
        b.data = a.data;
        patched += 1;
      }
    } else if (a.nodeType === 1) {
      for (const { name, value } of [...a.attributes]) {
        if (b.getAttribute(name) !== value) {
          b.setAttribute(name, value);
          patched += 1;
        }
      }
      for (const { name } of [...b.attributes]) {
        if (!a.hasAttribute(name)) {
          b.removeAttribute(name);
          patched += 1;
        }
      }
    }
  }
  return { pairs, patched };
}

/** Replaces, in place, every node held by `value` (objects, arrays, Maps) by its pair. */
export function remap(value, pairs, seen = new Set()) {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  if (isNode(value)) return pairs.get(value) ?? value;
  seen.add(value);
  if (value instanceof Map) {
    for (const [key, item] of value) value.set(key, remap(item, pairs, seen));
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => { value[i] = remap(item, pairs, seen); });
  } else {
    for (const key of Object.keys(value)) value[key] = remap(value[key], pairs, seen);
  }
  return value;
}

/**
 * Puts a view in place. With pre-rendered markup (`existing`), the view is rendered off the page
 * in steps (`steps`: view.js viewSteps), each after `nextTask()` while the visitor already uses
 * the page's form, and the markup adopted; markup of another campaign is replaced, with a
 * warning. Without, the view is rendered at once (steps run through) and appended to `shadow`
 * once the stylesheet has loaded (`styled`): no unstyled flash. Resolves to the view and whether
 * it was adopted, or null when `stopped()` became true meanwhile.
 */
export async function place(steps, existing, shadow, styled, stopped, nextTask) {
  let view;
  for (let step = null; !step?.done;) {
    if (existing) await nextTask();
    if (stopped()) return null;
    step = steps.next();
    view = step.value;
  }
  const adopted = existing && adopt(view.root, existing);
  if (adopted) {
    remap(view, adopted.pairs);
  } else if (existing) {
    console.warn('magnete: the pre-rendered markup is not this campaign\'s; rendered again');
    existing.replaceWith(view.root);
  } else {
    await styled;
    if (stopped()) return null;
    shadow.append(view.root);
  }
  return { view, adopted: Boolean(adopted) };
}
