// Adoption of pre-rendered markup (web/prerender.mjs): the page already shows the form the
// widget would render, and the visitor may already be typing in it. The widget renders the
// same view again off the page (cheap: no style or layout), checks that the page's markup has
// the same shape, and then uses the page's nodes for its own: nothing is replaced, so no flash,
// no layout shift, and what was typed, ticked and focused stays.

/** An element pre-rendered markup may leave out: hidden, and empty (web/prerender.mjs). */
export const isLeftOut = (node) => node.nodeType === 1 && node.hasAttribute('hidden') && node.childNodes.length === 0;

const isNode = (value) => value !== null && typeof value === 'object' && typeof value.nodeType === 'number';

/**
 * Pairs each node of `fresh` with the node of `existing` at the same place. The shapes (node
 * types, tag names, number of children) must be equal, but for the hidden empty elements (an
 * error line, a typo suggestion, a progress line) that pre-rendered markup leaves out, since
 * they paint nothing (web/prerender.mjs): those fresh nodes are put in at their place. Texts and
 * attributes that differ (a variant's texts, another locale) are set on `existing` to the fresh
 * values. Returns the map fresh -> existing, the number of texts and attributes set and the
 * number of nodes put in, or null (nothing is changed) when the shapes differ: the markup was
 * rendered from another campaign.
 */
export function adopt(fresh, existing) {
  const pairs = new Map();
  const missing = []; // [fresh node, existing parent, existing node it goes before (or null)]
  const same = (a, b) => b !== undefined && a.nodeType === b.nodeType && a.localName === b.localName;
  const walk = (a, b) => {
    if (!same(a, b)) return false;
    pairs.set(a, b);
    let j = 0;
    for (const child of a.childNodes) {
      const there = b.childNodes[j];
      if (isLeftOut(child) && !(same(child, there) && child.getAttribute('class') === there.getAttribute('class'))) {
        missing.push([child, b, there ?? null]);
        continue;
      }
      if (there === undefined || !walk(child, there)) return false;
      j += 1;
    }
    return j === b.childNodes.length;
  };
  if (!walk(fresh, existing)) return null;
  for (const [node, parent, before] of missing) {
    parent.insertBefore(node, before);
    pairs.set(node, node);
  }
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
  return { pairs, patched, inserted: missing.length };
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
