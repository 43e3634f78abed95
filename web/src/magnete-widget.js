// <magnete-widget campaign="URL | #inline-json-id">: the custom element. It owns the Shadow
// DOM and the attributes; the app (app.js: a Controller for one campaign) does the work. The
// element is in the shell (magnete.js), which a page evaluates while it loads, so it stays small:
// the app is imported when the widget starts, and a widget with pre-rendered markup (a
// declarative shadow root, web/prerender.mjs) starts only at idle time or at the first
// interaction, since the page already shows its form.
import { loadApp } from './app-loader.js';
import { idleOrInteraction } from './when.js';

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
  #values = {}; // setValue() before the app has started
  #controller = null;
  #starting = null;
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
  /** The A/B variant shown to this visitor, or "" when the campaign has none (or before start). */
  get variant() {
    return this.#controller?.variant ?? '';
  }

  /**
   * Sets a hidden field's value (what the page knows: a source, a CRM value); false when the
   * campaign has no hidden field of that name. Before the widget has started, the value is kept
   * for it (true). The core checks it as any value.
   */
  setValue(name, value) {
    if (this.#controller) return this.#controller.setValue(name, value);
    this.#values[name] = value;
    return true;
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
    if (this.#controller || this.#starting) return;
    const existing = this.shadowRoot?.querySelector('.mg-root') ?? null;
    this.#start(existing);
  }

  disconnectedCallback() {
    document.removeEventListener('magnete:forget', this.#onForget);
    this.#controller?.stop();
    this.#controller = null;
    this.#starting = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue && (this.#controller || this.#starting)) this.restart();
  }

  /** Renders the campaign again from the start (e.g. after Magnete.forget()). */
  restart() {
    this.#start(null);
  }

  #start(existing) {
    this.#controller?.stop();
    this.#controller = null;
    const token = {};
    this.#starting = token;
    if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
    const json = (name) => {
      if (this.#options[name] || !this.hasAttribute(name)) return this.#options[name];
      try {
        return JSON.parse(this.getAttribute(name));
      } catch {
        console.error(`magnete: the ${name} attribute is not JSON`);
        return undefined;
      }
    };
    const options = { locale: this.locale, ...this.#options, strings: json('strings') };
    options.values = { ...json('values'), ...this.#values };
    (existing ? idleOrInteraction(this) : Promise.resolve()).then(loadApp).then((app) => {
      if (this.#starting !== token || !this.isConnected) return;
      this.#starting = null;
      this.#values = {};
      this.#controller = app.start(this, existing, this.#config ?? this.campaign, options);
    }, (error) => {
      if (this.#starting !== token) return;
      this.#starting = null;
      // The app did not load (blocked or offline): pre-rendered markup still posts to the
      // collector without script, every step shown at once.
      console.error(`magnete: ${error.message || error}`);
      if (existing) this.setAttribute('static', '');
      this.dispatchEvent(new CustomEvent('magnete:error', { bubbles: true, composed: true,
        detail: { errors: [{ path: '', message: String(error.message || error) }], variant: null } }));
    });
  }
}
