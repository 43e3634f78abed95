// ES-module entry (magnete.mjs, the shell): import { mount } from '.../magnete.mjs'. The app
// (magnete-app.mjs) is imported from beside this module when a widget starts.
import { setBase } from './app-loader.js';
import { MagneteWidget } from './magnete-widget.js';
import { define } from './define.js';
import { mount } from './mount.js';
import { forget } from './storage.js';

setBase(import.meta.url);
define();

export { MagneteWidget, define, forget, mount };
export default { mount, define, forget, MagneteWidget };
