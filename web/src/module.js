// ES-module entry (magnete.mjs): import { mount } from '.../magnete.mjs'.
import { MagneteWidget } from './magnete-widget.js';
import { define } from './define.js';
import { setWasmUrl } from './engine.js';
import { mount } from './mount.js';
import { forget } from './storage.js';

setWasmUrl(new URL('magnete-core.wasm', import.meta.url).href);
define();

export { MagneteWidget, define, forget, mount };
export default { mount, define, forget, MagneteWidget };
