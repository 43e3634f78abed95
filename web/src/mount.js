// Magnete.mount(element, campaignObjectOrUrl, options): puts a widget inside `element`.
import { define } from './define.js';

export function mount(element, campaign, options = {}) {
  const target = typeof element === 'string' ? document.querySelector(element) : element;
  if (!target) throw new Error(`magnete: no element ${element} to mount into`);
  define();
  const widget = document.createElement('magnete-widget');
  if (typeof campaign === 'string') widget.setAttribute('campaign', campaign);
  widget.configure(typeof campaign === 'string' ? null : campaign, options);
  if (options.locale) widget.setAttribute('locale', options.locale);
  target.append(widget);
  return widget;
}
