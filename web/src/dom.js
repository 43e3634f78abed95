// The only way the widget builds DOM: createElement, setAttribute and textContent.
// No campaign or visitor text ever reaches innerHTML (README, "Safety").

/**
 * h('label', {for: 'x', class: 'mg-label'}, 'Email', childNode)
 * Attribute values and text children are always set as text, never parsed as HTML
 * (append() makes a Text node of a string). An attribute false, null or undefined is left
 * out, true is present and empty; a function value is a listener (onclick: ...). Children
 * may be nested arrays; null, undefined and false children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  el.append(...children.flat(Infinity).filter((child) => child != null && child !== false));
  return el;
}

/** Replaces an element's children with text. */
export function setText(el, text) {
  el.textContent = text ?? '';
}
