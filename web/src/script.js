// Script-tag entry (magnete.js): defines window.Magnete and <magnete-widget>, and mounts a
// widget where the tag says: <script src="magnete.js" data-campaign="c.json" data-target="#lead">.
// engine.js first: the Emscripten glue it imports then opens the bundle, and the widget's own
// modules sit together after it, where gzip finds their repetitions (-26 B).
import { setWasmUrl } from './engine.js';
import { MagneteWidget } from './magnete-widget.js';
import { define } from './define.js';
import { mount } from './mount.js';
import { forget } from './storage.js';

const script = document.currentScript;
if (script && script.src) setWasmUrl(new URL('magnete-core.wasm', script.src).href);

const Magnete = { mount, define, forget, MagneteWidget, version: __VERSION__ };
window.Magnete = Magnete;
define();

if (script && script.dataset.campaign) {
  const go = () => {
    const options = { locale: script.dataset.locale || '' };
    if (script.dataset.values) {
      try {
        options.values = JSON.parse(script.dataset.values);
      } catch {
        console.error('magnete: data-values is not JSON');
      }
    }
    mount(script.dataset.target || script.parentElement || document.body, script.dataset.campaign, options);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go, { once: true });
  else go();
}
