// The only way the widget builds DOM: createElement, setAttribute and textContent.
// No campaign or visitor text ever reaches innerHTML (README, "Safety").

/**
 * h('label', {for: 'x', class: 'mg-label'}, 'Email', childNode)
 * Attribute values and text children are always set as text, never parsed as HTML.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children with text. */
export function setText(el, text) {
  el.textContent = text == null ? '' : String(text);
}
