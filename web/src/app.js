// magnete-app.mjs: what a started widget needs (rendering, the controller, the core's loader).
// The shell (magnete-widget.js) imports it when a widget starts (app-loader.js).
import { Controller } from './controller.js';
import { assetUrl, setWasmUrl } from './engine.js';

/** Tells the app where the bundle's files are (the folder of magnete.js). */
export function setBundleUrl(folder) {
  setWasmUrl(new URL('magnete-core.wasm', folder).href);
}

/** Resolves once `link`'s stylesheet has loaded (or failed: the form is usable unstyled). */
function loaded(link) {
  if (link.sheet) return Promise.resolve();
  return new Promise((resolve) => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', resolve, { once: true });
  });
}

/**
 * Starts a widget on `host` (its shadow root attached): adopts `existing` pre-rendered markup,
 * else renders into an emptied shadow root. Either way the styles are magnete.css, linked in the
 * shadow root (so style-src 'self' holds), and a rendered form shows only once they have loaded.
 * Returns the Controller.
 */
export function start(host, existing, source, options) {
  const shadow = host.shadowRoot;
  let link = shadow.querySelector('link[rel=stylesheet]');
  if (!existing) {
    link ||= Object.assign(document.createElement('link'), { rel: 'stylesheet', href: assetUrl('magnete.css') });
    shadow.replaceChildren(link);
  }
  return new Controller(host, shadow, source, { ...options, styled: link ? loaded(link) : Promise.resolve() }, existing);
}
