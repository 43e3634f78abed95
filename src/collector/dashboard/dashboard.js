// The collector's dashboard: every figure comes from GET /v1/stats and GET /v1/leads with the
// token typed into the page (kept in memory only). Built with DOM calls and textContent:
// lead data is visitor text and never reaches innerHTML.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
let token = '';

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

async function api(path, method = 'GET') {
  const response = await fetch(path, { method, headers: { Authorization: `Bearer ${token}` } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = body.errors && body.errors[0] ? body.errors[0].message : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return body;
}

// Horizontal bars: rows of {label, value, text, cls}.
function bars(container, rows, title) {
  container.replaceChildren();
  if (!rows.length) {
    container.append(el('p', { class: 'note' }, 'No data yet.'));
    return;
  }
  const rowHeight = 26;
  const labelWidth = 120;
  const width = 480;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`, role: 'img' });
  chart.setAttribute('aria-label', title);
  rows.forEach((r, i) => {
    const y = i * rowHeight + 2;
    const label = svg('text', { x: 0, y: y + 16, class: 'label' });
    label.textContent = r.label;
    const w = Math.round(((width - labelWidth - 70) * r.value) / max);
    const bar = svg('rect', { x: labelWidth, y, width: Math.max(w, 1), height: rowHeight - 6, class: `bar ${r.cls || ''}` });
    const value = svg('text', { x: labelWidth + w + 6, y: y + 16, class: 'value' });
    value.textContent = r.text ?? String(r.value);
    chart.append(label, bar, value);
  });
  container.append(chart);
}

function pct(rate) {
  return rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)}%`;
}

// The forwarding outbox: entries per status, and each dead letter with its last error.
function renderOutbox(outbox) {
  const c = outbox.counts;
  document.getElementById('forwarding-counts').textContent =
    `To the campaigns' destinations: ${c.sent} sent, ${c.pending} waiting or retrying, ${c.dead} dead letters ` +
    '(a final refusal, or every retry failed).';
  const dead = outbox.entries;
  const container = document.getElementById('dead-letters');
  document.getElementById('replay').hidden = dead.length === 0;
  if (!dead.length) {
    container.replaceChildren();
    return;
  }
  const table = el('table', {}, el('thead', {}, el('tr', {},
    ...['updated', 'lead', 'campaign', 'destination', 'attempts', 'last error']
      .map((h) => el('th', { scope: 'col' }, h)))));
  const body = el('tbody');
  for (const e of dead) {
    body.append(el('tr', {},
      el('td', {}, e.updated_at.replace('T', ' ').slice(0, 19)),
      el('td', {}, e.lead_id),
      el('td', {}, e.campaign),
      el('td', {}, e.destination),
      el('td', { class: 'num' }, e.attempts),
      el('td', {}, e.last_error)));
  }
  table.append(body);
  container.replaceChildren(table);
}

function render(stats, leads) {
  bars(document.getElementById('funnel'), stats.funnel.map((f) => ({ label: f.step, value: f.count })), 'Funnel');
  const rejected = Object.entries(stats.rejected || {}).map(([k, v]) => `${v} ${k}`).join(', ');
  document.getElementById('funnel-note').textContent =
    `${stats.verified} verified (the collector's score equals the widget's); ${stats.views} page views carried by ` +
    `accepted leads; rejected as bots: ${rejected || 'none'}. Visitors who never consented send nothing, by design.`;
  bars(document.getElementById('scores'),
    stats.scores.map((s) => ({ label: `${s.from}–${s.to - 1}`, value: s.count })), 'Score distribution');
  bars(document.getElementById('bands'),
    ['hot', 'warm', 'cold'].map((b) => ({ label: b, value: stats.bands[b] || 0, cls: b })), 'Bands');
  bars(document.getElementById('variants'), stats.variants.map((v) => ({
    label: v.variant, value: v.rate || 0, text: `${pct(v.rate)} of ${v.leads}` })), 'Qualified rate by variant');
  bars(document.getElementById('sources'), stats.sources.map((s) => ({
    label: s.source, value: s.leads, text: `${s.leads} (${pct(s.rate)} qualified)` })), 'Sources');

  const table = el('table', {}, el('thead', {}, el('tr', {},
    ...['received', 'email', 'campaign', 'score', 'grade', 'band', 'stage', 'verified', 'breakdown']
      .map((h) => el('th', { scope: 'col' }, h)))));
  const body = el('tbody');
  for (const lead of leads.leads) {
    const details = el('details', {}, el('summary', {}, 'rules'));
    const rules = el('ul');
    for (const r of (lead.assessment && lead.assessment.breakdown) || []) {
      rules.append(el('li', {}, `${r.rule} (${r.kind}): ${r.count} × → ${r.points}${r.capped ? ' capped' : ''}`));
    }
    for (const s of (lead.assessment && lead.assessment.stages) || []) {
      if (!s.reached) rules.append(el('li', {}, `not ${s.stage}: ${s.reasons.join('; ')}`));
    }
    details.append(rules);
    body.append(el('tr', {},
      el('td', {}, lead.received_at.replace('T', ' ').slice(0, 19)),
      el('td', {}, lead.email),
      el('td', {}, `${lead.campaign.id} v${lead.campaign.version}${lead.campaign.variant ? ` / ${lead.campaign.variant}` : ''}`),
      el('td', { class: 'num' }, lead.score),
      el('td', {}, lead.grade || '–'),
      el('td', {}, lead.band),
      el('td', {}, lead.status === 'accepted' ? lead.stage : `rejected: ${lead.reason}`),
      el('td', { class: lead.verified ? 'yes' : 'no' }, lead.verified ? 'yes' : 'no'),
      el('td', {}, details)));
  }
  table.append(body);
  document.getElementById('latest').replaceChildren(table);
  const list = document.getElementById('campaigns');
  const ids = [...new Set(leads.leads.map((l) => l.campaign.id))];
  list.replaceChildren(...ids.map((id) => el('option', { value: id })));
}

async function load() {
  const status = document.getElementById('status');
  const campaign = document.getElementById('campaign').value.trim();
  const query = campaign ? `campaign=${encodeURIComponent(campaign)}&` : '';
  status.textContent = 'Loading…';
  try {
    const [stats, leads, outbox] = await Promise.all([api(`/v1/stats?${query}`),
      api(`/v1/leads?${query}limit=25`), api(`/v1/outbox?${query}status=dead&limit=50`)]);
    render(stats, leads);
    renderOutbox(outbox);
    document.getElementById('report').hidden = false;
    status.textContent = `${stats.funnel[0].count} leads received${campaign ? ` for ${campaign}` : ''}; updated ${new Date().toLocaleTimeString()}.`;
  } catch (error) {
    document.getElementById('report').hidden = true;
    status.textContent = `Could not load: ${error.message}`;
  }
}

document.getElementById('access').addEventListener('submit', (event) => {
  event.preventDefault();
  token = document.getElementById('token').value;
  load();
});
document.getElementById('replay').addEventListener('click', async () => {
  const campaign = document.getElementById('campaign').value.trim();
  const status = document.getElementById('status');
  try {
    const answer = await api(`/v1/outbox/replay${campaign ? `?campaign=${encodeURIComponent(campaign)}` : ''}`, 'POST');
    status.textContent = `${answer.replayed} dead letters queued to be sent again.`;
    load();
  } catch (error) {
    status.textContent = `Could not replay: ${error.message}`;
  }
});
setInterval(() => { if (token) load(); }, 30000);
