// Writes the lead bodies tests/bench/load.sh posts: N varied magnete-v1 leads for
// demo/campaigns/seed-b2b.json (contacts, consent with its exact text, attribution, 1-30
// events), each with the assessment the native core gives it (`magnete score`), so the collector
// re-scores and verifies every one. One body per line, beginning {"id":"@ID@", so the wrk script
// gives each request its own id by concatenation alone.
//   node tests/bench/load-leads.mjs MAGNETE_BINARY OUT_FILE [N]      (default 256)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [binary, out, countText] = process.argv.slice(2);
if (!binary || !out) {
  console.error('usage: node tests/bench/load-leads.mjs MAGNETE_BINARY OUT_FILE [N]');
  process.exit(2);
}
const count = Number(countText || 256);
const campaignPath = path.join(root, 'demo/campaigns/seed-b2b.json');
const campaign = JSON.parse(readFileSync(campaignPath, 'utf8'));
const privacy = campaign.consents.find((c) => c.id === 'privacy');

const names = ['Mario', 'Giulia', 'Luca', 'Sofia', 'Marco', 'Chiara', 'Anna', 'Paolo', 'Elena', 'Davide'];
const sectors = ['fitness', 'wellness', 'retail', 'manufacturing', 'services', 'other'];
const titles = ['Founder & CEO', 'Direttore marketing', 'Personal trainer', 'Office manager',
  'Head of Sales', 'Studente', 'Owner', 'Marketing specialist'];
const sources = [null, 'newsletter', 'google', 'facebook', 'linkedin'];
const kinds = ['page_view', 'page_view', 'page_view', 'ad_click', 'newsletter_signup',
  'webinar_attended', 'download', 'video_play', 'share', 'form_submit'];

let seed = 42;
const random = () => { // mulberry32: the same leads every run
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const leads = [];
for (let i = 0; i < count; ++i) {
  const submitted = Date.UTC(2026, 10, 1) + Math.floor(random() * 28 * 86400) * 1000;
  const locale = random() < 0.5 ? 'it' : 'en';
  const first = pick(names);
  const contact = { email: `${first.toLowerCase()}.${i}@example.com`, first_name: first };
  if (random() < 0.8) contact.age = 18 + Math.floor(random() * 50);
  if (random() < 0.8) contact.sector = pick(sectors);
  if (random() < 0.7) contact.company_size = 1 + Math.floor(random() * 500);
  if (random() < 0.7) contact.job_title = pick(titles);
  const events = [];
  let at = submitted - Math.floor(random() * 20 * 86400) * 1000;
  for (let n = 1 + Math.floor(random() * 30); n > 0; --n) {
    const type = pick(kinds);
    const event = { type, at: iso(at) };
    if (type === 'page_view') event.value = pick(['/', '/ebook/', '/pricing', '/blog/']);
    events.push(event);
    at = Math.min(submitted - 1000, at + Math.floor(random() * 86400) * 1000);
  }
  const source = pick(sources);
  const attribution = { page_url: 'https://example.com/ebook/', landing_page: 'https://example.com/' };
  if (source) attribution.utm = { source, medium: 'email', campaign: 'launch' };
  else attribution.referrer = 'https://www.google.com/';
  leads.push({
    id: '@ID@',
    campaign: { id: campaign.id, version: campaign.version },
    submitted_at: iso(submitted),
    locale,
    contact,
    consents: [{ id: 'privacy', granted: true, text: privacy.text[locale], version: privacy.version,
      locale, at: iso(submitted - 60_000) }],
    attribution,
    events,
    meta: { hp: '', elapsed_ms: 20_000 + Math.floor(random() * 200_000) },
  });
}

// The native core's assessment of each, as the widget's wasm core would give it.
const scored = execFileSync(binary, ['score', campaignPath, '-'], {
  input: leads.map((l) => JSON.stringify(l)).join('\n') + '\n', maxBuffer: 1 << 28,
}).toString().split('\n').filter(Boolean);
if (scored.length !== leads.length) throw new Error(`magnete score gave ${scored.length} lines`);
const lines = scored.map((line, i) => {
  const result = JSON.parse(line);
  if (result.ok !== true) throw new Error(`lead ${i}: ${line}`);
  // qualified is the CLI's answer beside the assessment (Campaign::qualified), not part of it.
  const { line: _line, ok: _ok, id: _id, qualified: _qualified, ...flat } = result;
  const body = JSON.stringify({ ...leads[i], assessment: result.assessment ?? flat });
  if (!body.startsWith('{"id":"@ID@",')) throw new Error('the id must come first');
  return body;
});
writeFileSync(out, lines.join('\n') + '\n');
const bytes = lines.reduce((sum, l) => sum + l.length, 0);
console.log(`${lines.length} lead bodies, ${Math.round(bytes / lines.length)} bytes on average`);
