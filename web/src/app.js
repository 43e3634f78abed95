// magnete-app.mjs: what a started widget needs (rendering, the controller, the core's loader).
// The shell (magnete-widget.js) imports it when a widget starts (app-loader.js).
import styles from '../styles/widget.css';
import { Controller } from './controller.js';
import { assetUrl, setWasmUrl } from './engine.js';

/** Tells the app where the bundle's files are (the folder of magnete.js). */
export function setBundleUrl(folder) {
  setWasmUrl(new URL('magnete-core.wasm', folder).href);
}

let sheet = null;
function adoptStyles(shadow) {
  // A constructed stylesheet: no <style> element, so style-src 'self' pages accept it.
  if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(styles);
    }
    shadow.adoptedStyleSheets = [sheet];
    return null;
  }
  return Object.assign(document.createElement('link'), { rel: 'stylesheet', href: assetUrl('magnete.css') });
}

/**
 * Starts a widget on `host` (its shadow root attached): adopts `existing` pre-rendered markup,
 * else renders into an emptied shadow root with the widget's styles. Returns the Controller.
 */
export function start(host, existing, source, options) {
  const shadow = host.shadowRoot;
  // Pre-rendered markup links magnete.css itself; else the constructed stylesheet.
  const link = shadow.querySelector('link[rel=stylesheet]') || adoptStyles(shadow);
  if (!existing) shadow.replaceChildren(...(link ? [link] : []));
  return new Controller(host, shadow, source, options, existing);
}
