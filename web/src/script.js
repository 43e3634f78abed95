// Script-tag entry (magnete.js, the shell): defines window.Magnete and <magnete-widget>, and mounts
// a widget where the tag says: <script src="magnete.js" data-campaign="c.json" data-target="#lead">.
// The app (magnete-app.mjs) is imported from beside this script when a widget starts.
import { setBase } from './app-loader.js';
import { MagneteWidget } from './magnete-widget.js';
import { define } from './define.js';
import { mount } from './mount.js';
import { forget } from './storage.js';

const script = document.currentScript;
if (script && script.src) setBase(script.src);

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
