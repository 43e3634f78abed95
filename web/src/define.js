// Registers <magnete-widget>; the class itself stays registration-free (STYLE principle 6).
import { MagneteWidget } from './magnete-widget.js';

export function define(tag = 'magnete-widget') {
  return MagneteWidget.define(tag);
}
