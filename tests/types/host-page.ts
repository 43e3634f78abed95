// A host page's TypeScript against the installed package's types (magnete/web/dist/magnete.d.ts):
// what a site writes compiles, and what it must not write does not (each @ts-expect-error must
// meet an error, so the types are not `any`). tests/web/package.test.mjs compiles it.
import Magnete, { forget, mount } from 'magnete';
import type { Campaign, MagneteWidget, QualifiedDetail } from 'magnete';

const campaign: Campaign = {
  id: 'host-ebook',
  version: '1',
  default_locale: 'it',
  fields: [{ name: 'email', type: 'email', required: true, label: { it: 'Email', en: 'Email' } },
    { name: 'lead_source', type: 'hidden' }],
  consents: [{ id: 'privacy', required: true, version: '2026-01', text: 'Ho letto l’informativa.' }],
  variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1, overrides: { submit_label: { it: 'Scarica' } } }],
  delivery: { endpoint: '/v1/leads', when: 'qualified' },
};

const widget: MagneteWidget = mount('#lead', campaign, { locale: 'it', strings: { next: 'Continua' },
  values: { lead_source: 'newsletter' } });
widget.addEventListener('magnete:submit', (event) => {
  const id: string = event.detail.id;
  const delivered: boolean = event.detail.delivered;
  console.log(id, delivered, event.detail.payload, event.detail.variant);
});
widget.addEventListener('magnete:qualified', (event) => {
  const detail: QualifiedDetail = event.detail;
  console.log(detail.stage, detail.previous);
});
widget.addEventListener('magnete:score', (event) => console.log(event.detail.assessment.score.toFixed(0), event.detail.assessment.band));
widget.addEventListener('magnete:error', (event) => event.detail.errors.forEach((e) => console.log(e.path, e.message, e.code)));
widget.addEventListener('magnete:ready', (event) => console.log(event.detail.campaign.model_hash, event.detail.locale));

const element = document.querySelector('magnete-widget');
if (element) {
  const taken: boolean = element.setValue('lead_source', 'crm');
  console.log(taken, element.assessment?.stage, element.variant);
  element.configure('/campaigns/ebook.json', { locale: 'en' });
  element.restart();
}
const created = document.createElement('magnete-widget');
created.campaign = '#inline-campaign';
document.addEventListener('magnete:submit', (event) => console.log(event.detail.id, event.detail.status));
window.Magnete?.mount(document.body, '/campaigns/ebook.json');
Magnete.define();
forget();

// @ts-expect-error a variant overrides texts only
const structural: Campaign = { id: 'x', version: '1', fields: [], variants: [{ id: 'b', overrides: { fields: [] } }] };
// @ts-expect-error the detail of magnete:submit has no score
widget.addEventListener('magnete:submit', (event) => event.detail.score);
// @ts-expect-error a field has one of the campaign's types
const typo: Campaign = { id: 'x', version: '1', fields: [{ name: 'email', type: 'emial' }] };
// @ts-expect-error setValue takes a name and a value
widget.setValue('lead_source');
console.log(structural, typo);
