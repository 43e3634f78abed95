#!/usr/bin/env node
// Synthetic lead history for `magnete backtest` on demo/campaigns/seed-b2b.json.
//
//   node demo/leads/generate.mjs [--seed 42] [--count 5000] [--out FILE|-]
//
// Writes one magnete-v1 lead per line (contact, consents, events, submitted_at, id) plus
// "converted": true|false. Same seed and count, same bytes: the PRNG is mulberry32 and the
// code uses only + - * / and comparisons on it (exp is computed by repeated squaring, normal
// draws are Irwin-Hall sums), so no engine's Math.exp/log/random can change the output.
//
// The model (DOMAIN §3.1-3.3: fit, online interactions, content interactions):
// - Each lead is a person with a role (an Italian job title for 80% of leads, English for
//   the rest), a company (sector, size by sector) and an age drawn for that role: owners and
//   directors 32-64, interns and students 20-30. Some fields are left empty, as people do:
//   job_title 7%, company_size 9%, age 14%.
// - Real buying power ("authority", 0..1) belongs to the role, and the campaign's keyword
//   rule only approximates it: "Assistente del direttore" and "Responsabile di negozio" hit
//   a decision-maker keyword with little authority; "Marketing manager" and "Procuratore" hit
//   none although they decide.
// - True fit f = sector (fitness +1.0, wellness +0.8, services +0.2, retail 0,
//   manufacturing -0.3, other -0.6) + size (10-249 employees +0.4, 250+ +0.2, 2-9 0,
//   solo -0.5) + 0.8 authority - 0.3 when older than 58. The campaign's fit points (1 per
//   year above 25, target sector, > 50 employees, title keywords) only partly agree with it.
// - Latent intent z ~ N(0, 1) + 0.25 f (a good fit looks around more). Intent drives the
//   engagement of the 60 days before submitted_at, each type a Poisson count with mean
//   base * e^(k z): page_view 1.4 e^(1.0 z), ad_click 0.25 e^(0.7 z), webinar_attended
//   0.08 e^(1.1 z), download 0.3 e^(0.85 z), video_play 0.3 e^(0.6 z), share 0.06 e^(0.6 z),
//   form_submit 0.08 e^(1.1 z); newsletter_signup once with p = logistic(-1.4 + 1.1 z).
//   Event times lean to the last weeks (age = 60 days * ~u^1.6). The marketing consent is
//   given with p = logistic(0.2 + 0.6 z).
// - Researchers (stagista, studente, consulente, intern, ...: about 12% of leads) download
//   and watch 2.5x as much whatever their intent: engagement that does not buy.
// - Conversion (in the following quarter): p = logistic(-3.7 + 1.6 z + 0.9 f + e), with
//   e ~ N(0, 0.3) the part nobody observes; researchers convert at a third of that.
// With the seed model's points this gives a base rate of 12-13% and an AUC of 0.77-0.78
// over seeds 1, 2, 3, 7 and 42 (demo/leads/README.md shows the backtest of seed 42).
import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const out = join(HERE, 'seed-b2b-history.jsonl');
  const options = { seed: 42, count: 5000, out, label: relative(process.cwd(), out) };
  const usage = 'usage: node demo/leads/generate.mjs [--seed N] [--count N] [--out FILE|-]';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const value = argv[i + 1];
    if ((a === '--seed' || a === '--count') && /^\d+$/.test(value ?? '')) {
      options[a.slice(2)] = Number(value);
      i++;
    } else if (a === '--out' && value !== undefined) {
      options.out = options.label = value;
      i++;
    } else {
      console.error(`generate.mjs: bad argument ${a}\n${usage}`);
      process.exit(2);
    }
  }
  if (options.count < 1 || options.count > 1_000_000) {
    console.error('generate.mjs: --count must be 1..1000000');
    process.exit(2);
  }
  return options;
}

// mulberry32: 32-bit state, period 2^32, good enough for a demo; integer ops only.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// e^x as (1 + x/2^20)^(2^20): relative error below x^2 / 2^21, plenty for a simulation,
// and the same bits on every engine (Math.exp is only "implementation-approximated").
function exp(x) {
  let r = 1 + x / 1048576;
  for (let i = 0; i < 20; i++) r *= r;
  return r;
}
const logistic = (x) => 1 / (1 + exp(-x));

class Draw {
  constructor(seed) {
    this.u = mulberry32(seed);
  }
  int(lo, hi) {
    return lo + Math.floor(this.u() * (hi - lo + 1));
  }
  chance(p) {
    return this.u() < p;
  }
  pick(list) {
    return list[Math.floor(this.u() * list.length)];
  }
  // items: [[weight, value], ...]
  weighted(items) {
    let total = 0;
    for (const [w] of items) total += w;
    let x = this.u() * total;
    for (const [w, v] of items) {
      if ((x -= w) < 0) return v;
    }
    return items[items.length - 1][1];
  }
  // Irwin-Hall: the sum of 12 uniforms minus 6 has mean 0 and variance 1.
  normal(mean = 0, sd = 1) {
    let s = -6;
    for (let i = 0; i < 12; i++) s += this.u();
    return mean + sd * s;
  }
  // Knuth: count uniforms until their product falls below e^-mean (means here are small).
  poisson(mean) {
    const limit = exp(-Math.min(mean, 30));
    let k = 0;
    for (let p = this.u(); p > limit; p *= this.u()) k++;
    return k;
  }
}

// Roles: [weight, title, authority 0..1, kind]. kind: "senior" (older), "mid", "junior",
// "researcher" (engages without buying). Titles as people type them.
const ROLES_IT = [
  [7, 'Titolare', 1.0, 'senior'], [3, 'titolare', 1.0, 'senior'],
  [3, 'Fondatore', 1.0, 'senior'], [2, 'Fondatrice', 1.0, 'senior'],
  [2, 'Amministratore delegato', 1.0, 'senior'], [1, 'Amministratrice delegata', 1.0, 'senior'],
  [2, 'Socio', 0.8, 'senior'], [1, 'Presidente', 0.9, 'senior'],
  [4, 'Direttore commerciale', 0.85, 'senior'], [2, 'Direttrice commerciale', 0.85, 'senior'],
  [2, 'Direttore marketing', 0.8, 'senior'], [1, 'Direttore generale', 0.95, 'senior'],
  [2, 'Direttore tecnico', 0.5, 'senior'],
  [5, 'Responsabile marketing', 0.7, 'mid'], [3, 'Responsabile vendite', 0.7, 'mid'],
  [2, 'Responsabile acquisti', 0.75, 'mid'], [2, 'Responsabile di negozio', 0.3, 'mid'],
  [2, 'Responsabile amministrativo', 0.4, 'mid'],
  [2, 'Assistente del direttore', 0.15, 'junior'],
  [3, 'Marketing manager', 0.65, 'mid'], [2, 'Procuratore', 0.7, 'senior'],
  [2, 'Personal trainer', 0.25, 'mid'], [1, 'Istruttrice di yoga', 0.25, 'mid'],
  [1, 'Fisioterapista', 0.3, 'mid'],
  [9, 'Impiegato', 0.1, 'mid'], [7, 'Impiegata', 0.1, 'mid'],
  [3, 'Addetto vendite', 0.1, 'junior'], [2, 'Addetta vendite', 0.1, 'junior'],
  [3, 'Receptionist', 0.05, 'junior'], [2, 'Segretaria', 0.1, 'mid'],
  [3, 'Consulente', 0.3, 'researcher'], [1, 'Libero professionista', 0.5, 'mid'],
  [4, 'Stagista', 0.02, 'researcher'], [3, 'Studente', 0.0, 'researcher'],
  [2, 'Studentessa', 0.0, 'researcher'],
];
const ROLES_EN = [
  [3, 'CEO', 1.0, 'senior'], [2, 'Owner', 1.0, 'senior'], [2, 'Founder', 1.0, 'senior'],
  [1, 'Co-founder', 0.95, 'senior'], [1, 'Managing Director', 0.95, 'senior'],
  [1, 'COO', 0.85, 'senior'], [1, 'CMO', 0.8, 'senior'],
  [3, 'Head of Sales', 0.8, 'senior'], [2, 'Head of Marketing', 0.75, 'senior'],
  [2, 'Sales Director', 0.8, 'senior'], [1, 'VP Sales', 0.8, 'senior'],
  [3, 'Marketing Manager', 0.65, 'mid'], [2, 'Account Manager', 0.3, 'mid'],
  [2, 'Studio Manager', 0.6, 'mid'], [2, 'Marketing Specialist', 0.2, 'mid'],
  [2, 'Sales Representative', 0.15, 'junior'], [1, 'Office Assistant', 0.05, 'junior'],
  [1, 'Personal Trainer', 0.25, 'mid'], [2, 'Consultant', 0.3, 'researcher'],
  [2, 'Intern', 0.02, 'researcher'], [1, 'Student', 0.0, 'researcher'],
];

const SECTORS = [[18, 'fitness'], [13, 'wellness'], [18, 'retail'], [15, 'manufacturing'],
                 [25, 'services'], [11, 'other']];
const SECTOR_FIT = { fitness: 1.0, wellness: 0.8, services: 0.2, retail: 0, manufacturing: -0.3,
                     other: -0.6 };
// Employees by sector: [weight, low, high] buckets.
const SIZES = {
  fitness: [[25, 1, 1], [45, 2, 9], [22, 10, 49], [7, 50, 249], [1, 250, 900]],
  wellness: [[25, 1, 1], [45, 2, 9], [22, 10, 49], [7, 50, 249], [1, 250, 900]],
  retail: [[15, 1, 1], [40, 2, 9], [25, 10, 49], [14, 50, 249], [6, 250, 4000]],
  manufacturing: [[3, 1, 1], [17, 2, 9], [35, 10, 49], [30, 50, 249], [15, 250, 5000]],
  services: [[20, 1, 1], [35, 2, 9], [25, 10, 49], [14, 50, 249], [6, 250, 3000]],
  other: [[20, 1, 1], [35, 2, 9], [25, 10, 49], [14, 50, 249], [6, 250, 3000]],
};
const AGES = { senior: [32, 64], mid: [26, 55], junior: [21, 35], researcher: [20, 30] };

const FIRST_IT_M = ['Marco', 'Luca', 'Andrea', 'Giuseppe', 'Francesco', 'Alessandro', 'Matteo',
  'Lorenzo', 'Davide', 'Stefano', 'Simone', 'Paolo', 'Roberto', 'Riccardo', 'Nicolò', 'Fabio',
  'Giovanni', 'Antonio', 'Federico', 'Gabriele', 'Emanuele', 'Salvatore', 'Michele', 'Pietro'];
const FIRST_IT_F = ['Giulia', 'Francesca', 'Chiara', 'Sara', 'Martina', 'Valentina', 'Elena',
  'Alessia', 'Federica', 'Silvia', 'Laura', 'Paola', 'Anna', 'Giorgia', 'Elisa', 'Ilaria',
  'Roberta', 'Monica', 'Beatrice', 'Serena', 'Noemi', 'Arianna', 'Claudia', 'Debora'];
const LAST_IT = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci',
  'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano',
  'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi',
  'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', "D'Angelo", 'Longo', 'Gentile', 'Vitale',
  'Serra', 'Coppola', 'De Santis', 'Marchetti', 'Parisi', 'Villa', 'Fabbri', 'Pellegrini'];
const FIRST_EN = ['James', 'Oliver', 'Emma', 'Sophie', 'Daniel', 'Laura', 'Thomas', 'Hannah',
  'Michael', 'Charlotte', 'David', 'Lucy', 'Peter', 'Anna', 'Mark', 'Julia', 'Lukas', 'Marie'];
const LAST_EN = ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Walker', 'Wright',
  'Müller', 'Schmidt', 'Fischer', 'Weber', 'Dubois', 'Martin', 'Novak', 'Jansen', 'Murphy'];

const FREE_MAIL_IT = [[30, 'gmail.com'], [14, 'libero.it'], [8, 'hotmail.it'], [6, 'outlook.it'],
                      [5, 'yahoo.it'], [3, 'virgilio.it'], [3, 'icloud.com'], [2, 'tiscali.it']];
const FREE_MAIL_EN = [[40, 'gmail.com'], [12, 'outlook.com'], [8, 'yahoo.com'], [6, 'icloud.com'],
                      [5, 'gmx.de'], [4, 'hotmail.com']];
const BRAND_WORDS = {
  fitness: ['fit', 'gym', 'palestra', 'training', 'crossbox', 'move', 'power', 'active'],
  wellness: ['benessere', 'spa', 'yoga', 'zen', 'terme', 'pilates', 'relax', 'vita'],
  retail: ['store', 'shop', 'market', 'bottega', 'emporio', 'moda', 'casa', 'outlet'],
  manufacturing: ['meccanica', 'tech', 'plast', 'industrie', 'componenti', 'metal', 'lavorazioni'],
  services: ['consulting', 'servizi', 'studio', 'digital', 'partners', 'solutions', 'group'],
  other: ['lab', 'hub', 'italia', 'net', 'point', 'project'],
};
const CITIES = ['milano', 'roma', 'torino', 'bologna', 'napoli', 'firenze', 'verona', 'padova',
                'bari', 'brescia', 'bergamo', 'genova', 'parma', 'modena', 'trento', 'lecce'];

const EPOCH_START = Date.UTC(2026, 0, 12);  // submissions between 12 Jan and 30 Oct 2026
const EPOCH_SPAN_DAYS = 291;
const DAY = 86_400_000;
const WINDOW_DAYS = 60;

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
// "D'Angelo" -> "dangelo", "Nicolò" -> "nicolo", "De Luca" -> "deluca"
const slug = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  .replace(/[^a-z0-9]/g, '');

function email(d, first, last, domain) {
  const f = slug(first), l = slug(last);
  const local = d.weighted([[40, `${f}.${l}`], [20, `${f[0]}.${l}`], [15, `${f}${l}`],
                            [10, f], [10, `${f}.${l}${d.int(1, 99)}`], [5, `${l}.${f}`]]);
  return `${local}@${domain}`;
}

function companyDomain(d, sector, last) {
  const word = d.pick(BRAND_WORDS[sector]);
  const stem = d.weighted([[35, `${word}${d.pick(CITIES)}`], [30, `${slug(last)}${word}`],
                           [20, `${word}${d.pick(BRAND_WORDS.other)}`], [15, `${d.pick(CITIES)}${word}`]]);
  return `${stem}.${d.weighted([[70, 'it'], [25, 'com'], [5, 'eu']])}`;
}

function lead(d, index) {
  const english = d.chance(0.2);
  const [, title, authority, kind] = d.weighted((english ? ROLES_EN : ROLES_IT).map((r) => [r[0], r]));
  // Italian titles often say the gender ("Direttrice", "Impiegato"); "Titolare",
  // "Stagista", "Responsabile" and English titles do not.
  const word = title.split(' ')[0].toLowerCase();
  const female = /(trice|essa|ata|etta|aria)$/.test(word) ? true
    : /(tore|ato|etto|ario|socio)$/.test(word) ? false : d.chance(0.45);
  const first = english ? d.pick(FIRST_EN) : d.pick(female ? FIRST_IT_F : FIRST_IT_M);
  const last = english ? d.pick(LAST_EN) : d.pick(LAST_IT);
  const sector = d.weighted(SECTORS.map(([w, s]) => [w, s]));
  const [, lo, hi] = d.weighted(SIZES[sector].map((b) => [b[0], b]));
  const size = kind === 'researcher' && d.chance(0.5) ? d.int(1, 9) : d.int(lo, hi);
  const [ageLo, ageHi] = AGES[kind];
  const age = Math.round((d.int(ageLo, ageHi) + d.int(ageLo, ageHi)) / 2);

  const researcher = kind === 'researcher';
  const sizeFit = size >= 250 ? 0.2 : size >= 10 ? 0.4 : size === 1 ? -0.5 : 0;
  const fit = SECTOR_FIT[sector] + sizeFit + 0.8 * authority - (age > 58 ? 0.3 : 0);
  const z = d.normal() + 0.25 * fit;
  const curiosity = researcher ? 2.5 : 1;

  const submitted = EPOCH_START + d.int(0, EPOCH_SPAN_DAYS - 1) * DAY +
                    d.weighted([[1, 7], [3, 9], [3, 11], [2, 14], [3, 16], [2, 18], [1, 21]]) * 3_600_000 +
                    d.int(0, 3599) * 1000;
  const events = [];
  const add = (type, count) => {
    for (let i = 0; i < count; i++) {
      // Skewed to the recent past: most engagement comes in the weeks before the form.
      let u = d.u();
      u = u * u * (0.4 + 0.6 * u);  // ~ u^1.6 without pow
      const at = submitted - Math.floor(u * WINDOW_DAYS * 86_400) * 1000 - d.int(60, 3600) * 1000;
      events.push({ type, at: iso(at) });
    }
  };
  add('page_view', d.poisson(1.4 * exp(1.0 * z)));
  add('ad_click', d.poisson(0.25 * exp(0.7 * z)));
  add('newsletter_signup', d.chance(logistic(-1.4 + 1.1 * z)) ? 1 : 0);
  add('webinar_attended', d.poisson(0.08 * exp(1.1 * z)));
  add('download', d.poisson(0.3 * curiosity * exp(0.85 * z)));
  add('video_play', d.poisson(0.3 * curiosity * exp(0.6 * z)));
  add('share', d.poisson(0.06 * exp(0.6 * z)));
  add('form_submit', d.poisson(0.08 * exp(1.1 * z)));
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  let p = logistic(-3.7 + 1.6 * z + 0.9 * fit + d.normal(0, 0.3));
  if (researcher) p /= 3;
  const converted = d.chance(p);

  const freeMail = researcher || size === 1 ? d.chance(0.8) : d.chance(0.15);
  const domain = freeMail ? d.weighted(english ? FREE_MAIL_EN : FREE_MAIL_IT) : companyDomain(d, sector, last);
  const contact = { email: email(d, first, last, domain), first_name: first };
  if (!d.chance(0.07)) contact.job_title = title;
  contact.sector = sector;
  if (!d.chance(0.09)) contact.company_size = size;
  if (!d.chance(0.14)) contact.age = age;

  const locale = english ? 'en' : 'it';
  const consentAt = iso(submitted - d.int(5, 90) * 1000);
  // The exact consent text travels with live leads; a history keeps id, decision, version and
  // time, and the optional marketing consent only when it was given (boxes start unticked).
  const consents = [{ id: 'privacy', granted: true, version: '2026-01', at: consentAt }];
  if (d.chance(logistic(0.2 + 0.6 * z))) {
    consents.push({ id: 'marketing', granted: true, version: '2026-01', at: consentAt });
  }
  return {
    id: `h${String(index + 1).padStart(5, '0')}`,
    submitted_at: iso(submitted),
    locale,
    contact,
    consents,
    events,
    converted,
  };
}

const options = parseArgs(process.argv.slice(2));
const d = new Draw(options.seed);
const lines = [];
let converted = 0;
for (let i = 0; i < options.count; i++) {
  const l = lead(d, i);
  converted += l.converted ? 1 : 0;
  lines.push(JSON.stringify(l));
}
const text = lines.join('\n') + '\n';
if (options.out === '-') {
  process.stdout.write(text);
} else {
  writeFileSync(options.out, text);
  console.error(`generate.mjs: ${options.count} leads (${converted} converted) -> ` +
                `${options.label}, ` +
                `${Buffer.byteLength(text)} bytes, seed ${options.seed}`);
}
