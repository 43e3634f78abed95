// <magnete-widget campaign="URL | #inline-json-id">: the custom element. It owns the Shadow
// DOM and the attributes; a Controller (controller.js) does the work for one campaign.
import styles from '../styles/widget.css';
import { Controller } from './controller.js';
import { assetUrl } from './engine.js';

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

export class MagneteWidget extends HTMLElement {
  static define(tag = 'magnete-widget', registry = window.customElements) {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  static get observedAttributes() {
    return ['campaign', 'locale', 'strings', 'values'];
  }

  #config = null;
  #options = {};
  #controller = null;
  #onForget = () => this.restart();

  /** URL of the campaign file, or "#id" of an inline JSON block (reflects the attribute). */
  get campaign() {
    return this.getAttribute('campaign') ?? '';
  }
  set campaign(value) {
    this.setAttribute('campaign', value);
  }
  /** Preferred locale ("it", "en"); else <html lang>, else the browser's (reflects). */
  get locale() {
    return this.getAttribute('locale') ?? '';
  }
  set locale(value) {
    this.setAttribute('locale', value);
  }
  /** The latest assessment from the core, or null before the first one. */
  get assessment() {
    return this.#controller?.assessment ?? null;
  }
  /** The A/B variant shown to this visitor, or "" when the campaign has none. */
  get variant() {
    return this.#controller?.variant ?? '';
  }

  /**
   * Sets a hidden field's value (what the page knows: a source, a CRM value); false when the
   * campaign has no hidden field of that name. The core checks it as any value.
   */
  setValue(name, value) {
    return this.#controller ? this.#controller.setValue(name, value) : false;
  }

  /** Mounts with a campaign object (or URL) and options ({locale, strings, values}). */
  configure(campaign, options = {}) {
    this.#config = campaign;
    this.#options = options;
    if (this.isConnected) this.restart();
  }

  connectedCallback() {
    // Magnete.forget() erases storage; every widget then starts again from memory only.
    document.addEventListener('magnete:forget', this.#onForget);
    // Pre-rendered markup (a declarative shadow root from web/prerender.mjs) is adopted.
    if (!this.#controller) this.#start(this.shadowRoot?.querySelector(':scope > .mg-root') ?? null);
  }

  disconnectedCallback() {
    document.removeEventListener('magnete:forget', this.#onForget);
    this.#controller?.stop();
    this.#controller = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue && this.#controller) this.restart();
  }

  /** Renders the campaign again from the start (e.g. after Magnete.forget()). */
  restart() {
    this.#start(null);
  }

  #start(existing) {
    this.#controller?.stop();
    const shadow = this.shadowRoot || this.attachShadow({ mode: 'open' });
    // Pre-rendered markup links magnete.css itself; else the constructed stylesheet.
    const link = shadow.querySelector(':scope > link[rel=stylesheet]') || adoptStyles(shadow);
    if (!existing) shadow.replaceChildren(...(link ? [link] : []));
    const json = (name) => {
      if (this.#options[name] || !this.hasAttribute(name)) return this.#options[name];
      try {
        return JSON.parse(this.getAttribute(name));
      } catch {
        console.error(`magnete: the ${name} attribute is not JSON`);
        return undefined;
      }
    };
    this.#controller = new Controller(this, shadow, this.#config ?? this.campaign,
      { locale: this.locale, ...this.#options, strings: json('strings'), values: json('values') }, existing);
  }
}
