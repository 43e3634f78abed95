#!/usr/bin/env node
// Pre-renders the widget: a campaign, in a locale and variant, becomes a <magnete-widget> whose
// declarative shadow root (<template shadowrootmode="open">) holds the form the widget would
// render, linking magnete.css. It paints with the page, before any script, under a strict CSP
// (style-src 'self'); it is a real <form method="post"> to the collector, so a visitor whose
// script is blocked still becomes a lead; and the script adopts it instead of rendering again.
// The markup comes from the widget's own renderer (web/src/view.js), run under node on
// linkedom's DOM, from what the core resolved (the node build of the wasm, as the widget's: the
// variant's texts, the steps, the required consents), so it is what the widget renders.
//
//   node web/prerender.mjs CAMPAIGN.json [--locale it] [--variant ID] [--campaign-url URL] [--css URL]
//       prints the element (campaign-url: where the script fetches the campaign; default the path given)
//   node web/prerender.mjs --site DIR --out DIR [--css URL]
//       copies a site, filling every empty <magnete-widget campaign="..."> of its .html pages whose
//       campaign is a file of the site ("/campaigns/x.json" is DIR/campaigns/x.json) or an inline
//       block ("#id"); the locale is the element's locale attribute, else the page's <html lang>;
//       the page's <head> gets <link rel="preload" as="style"> for magnete.css
//   node web/prerender.mjs --forms DIR --out DIR [--css URL]
//       every campaign of DIR in each of its locales, plain and per variant, as
//       <id>.<locale>.html and <id>.<locale>.<variant>.html: what magnete-collector --forms sends
//       back, with the core's messages, when a post without script has errors
// Exit status: 0 done, 1 an invalid campaign (its errors on stderr, with their JSON paths), 2 bad usage.
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

import { isLeftOut } from './src/adopt.js';
import { chooseLocale } from './src/i18n.js';
import { renderView } from './src/view.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `usage: node web/prerender.mjs CAMPAIGN.json [--locale L] [--variant ID] [--campaign-url URL] [--css URL]
       node web/prerender.mjs --site DIR --out DIR [--css URL]
       node web/prerender.mjs --forms DIR --out DIR [--css URL]`;

// The renderer builds with document.createElement: linkedom's document, under node.
globalThis.document = parseHTML('<!doctype html><html><body></body></html>').document;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const escapeText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s) => escapeText(s).replace(/"/g, '&quot;');

/**
 * HTML of a node, always in one form (magnete-collector --forms fills it in): attributes in a
 * fixed order, double-quoted, `&<>"` escaped; a boolean one as name="";
 * no whitespace between elements. With `lean`, the hidden empty elements (error lines, typo
 * suggestions, an empty progress line: web/src/adopt.js isLeftOut) are left out: they paint
 * nothing, and the widget puts them in when it adopts the markup; aria-describedby names none of
 * them (the widget names them again at adoption).
 */
export function serialize(node, lean = false) {
  if (lean === true) {
    // The ids of what is left out, which aria-describedby then no longer names.
    lean = new Set([...node.querySelectorAll('[hidden]')].filter(isLeftOut).map((e) => e.id).filter(Boolean));
  }
  if (node.nodeType === 3) return escapeText(node.data);
  if (node.nodeType !== 1 || (lean && isLeftOut(node))) return '';
  const tag = node.localName;
  let out = `<${tag}`;
  for (const { name, value: given } of node.attributes) {
    const value = lean && name === 'aria-describedby' ? given.split(' ').filter((id) => !lean.has(id)).join(' ') : given;
    if (value || value === given) out += ` ${name}="${escapeAttr(value)}"`;
  }
  out += '>';
  if (VOID.has(tag)) return out;
  for (const child of node.childNodes) out += serialize(child, lean);
  return `${out}</${tag}>`;
}

let core = null;
/**
 * What the core resolved for a campaign text as `variant` ('' for its own texts): its status
 * (wasm/magnete-core.d.ts, Status), {ok: false, errors: [{path, message}]} when the campaign, or
 * the variant, is not valid.
 */
export async function resolve(text, variant = '') {
  if (!core) {
    const dir = path.join(root, 'build/wasm/node');
    try {
      const create = createRequire(import.meta.url)(path.join(dir, 'magnete-core.cjs'));
      core = create({ wasmBinary: readFileSync(path.join(dir, 'magnete-core.wasm')) });
    } catch (error) {
      throw new Error(`the core's node build is missing in ${dir} (make build): ${error.message}`, { cause: error });
    }
  }
  const module = await core;
  const handle = module.open(text, variant);
  try {
    return JSON.parse(module.status(handle));
  } finally {
    module.close(handle);
  }
}

class CampaignError extends Error {}

/** A campaign text checked and resolved by the core as `variant`: {campaign (the JSON),
 *  resolved}; throws CampaignError with every error, named by path. */
async function checked(text, where, variant = '') {
  const resolved = await resolve(text, variant);
  if (!resolved.ok) {
    throw new CampaignError(resolved.errors.map((e) => `${where}: ${e.path ? `${e.path}: ` : ''}${e.message}`).join('\n'));
  }
  return { campaign: JSON.parse(text), resolved };
}

/**
 * The shadow root's content for a campaign as the core resolved it (`resolved`, for a variant or
 * none: the widget then draws one and sets that variant's texts in place): the stylesheet link
 * and the widget's first view in `locale`, chosen as the widget does (the requested one when
 * offered, else the campaign's default). For a page, lean: without the hidden empty elements,
 * which cost the first paint and show nothing (16 of the ebook form's 65 elements); with
 * `placeholders`, every element, as magnete-collector --forms needs them to write its messages in.
 */
export function renderTemplate(campaign, resolved, { locale = '', css = '/dist/magnete.css', placeholders = false } = {}) {
  const chosen = chooseLocale(resolved, locale, { documentElement: { lang: '' } }, { languages: [] });
  const view = renderView(campaign, resolved, { locale: chosen });
  return `<template shadowrootmode="open"><link rel="stylesheet" href="${escapeAttr(css)}">${serialize(view.root, !placeholders)}</template>`;
}

/** The whole element, for a page to include where the widget goes. */
export function renderElement(campaign, resolved, { campaignUrl, ...options }) {
  return `<magnete-widget campaign="${escapeAttr(campaignUrl)}">${renderTemplate(campaign, resolved, options)}</magnete-widget>`;
}

// --- command line ---------------------------------------------------------------------------

function parseArgs(argv) {
  const options = { positional: [] };
  const valued = ['--locale', '--variant', '--campaign-url', '--css', '--site', '--forms', '--out'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (valued.includes(arg)) {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      options[arg.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = argv[++i];
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else options.positional.push(arg);
  }
  return options;
}

class UsageError extends Error {}

const WIDGET = /<magnete-widget\b([^>]*)>([\s\S]*?)<\/magnete-widget>/g;

/** A site's page with its empty widgets pre-rendered; `site` is the folder served as "/". */
async function prerenderPage(html, file, site, css) {
  const { document: page } = parseHTML(html);
  const lang = page.documentElement.getAttribute('lang') || '';
  let out = '';
  let last = 0;
  for (const match of html.matchAll(WIDGET)) {
    out += html.slice(last, match.index);
    last = match.index + match[0].length;
    const { document: fragment } = parseHTML(`<magnete-widget${match[1]}></magnete-widget>`);
    const element = fragment.querySelector('magnete-widget');
    const source = element.getAttribute('campaign') || '';
    if (match[2].includes('shadowrootmode') || !source || /^[a-z]+:/i.test(source)) {
      out += match[0]; // already pre-rendered, or a campaign from elsewhere: left to the script
      continue;
    }
    const where = source.startsWith('#') ? `${file} ${source}` : source;
    const text = source.startsWith('#')
      ? page.getElementById(source.slice(1))?.textContent
      : readFileSync(source.startsWith('/') ? path.join(site, source) : path.join(path.dirname(file), source), 'utf8');
    if (text === undefined) throw new CampaignError(`${file}: no element ${source} holds the campaign`);
    const { campaign, resolved } = await checked(text, where);
    const template = renderTemplate(campaign, resolved, { locale: element.getAttribute('locale') || lang, css });
    out += `<magnete-widget${match[1]}>${template}${match[2]}</magnete-widget>`;
  }
  out += html.slice(last);
  // The shadow root's stylesheet blocks the first paint; the parser finds it only at the widget,
  // so the page's head asks for it at once, beside its own styles.
  const preload = `<link rel="preload" href="${escapeAttr(css)}" as="style">`;
  if (out !== html && !out.includes(preload)) out = out.replace(/(\n?)(\s*)<\/head>/i, `$1$2  ${preload}\n$2</head>`);
  return out;
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f));
}

async function main(argv) {
  const options = parseArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const css = options.css ?? '/dist/magnete.css';
  if (options.site || options.forms) {
    if (!options.out) throw new UsageError('--out DIR is required');
    if (options.site) {
      cpSync(options.site, options.out, { recursive: true });
      let count = 0;
      for (const source of htmlFiles(options.site)) {
        const target = path.join(options.out, path.relative(options.site, source));
        const html = readFileSync(source, 'utf8');
        const rendered = await prerenderPage(html, source, options.site, css);
        if (rendered !== html) count += 1;
        writeFileSync(target, rendered);
      }
      console.error(`prerender: ${count} page(s) of ${options.site} pre-rendered into ${options.out}`);
    } else {
      mkdirSync(options.out, { recursive: true });
      let count = 0;
      for (const name of readdirSync(options.forms).filter((f) => f.endsWith('.json')).sort()) {
        const file = path.join(options.forms, name);
        if (!statSync(file).isFile()) continue;
        const text = readFileSync(file, 'utf8');
        const { resolved: own } = await checked(text, file);
        for (const locale of own.locales) {
          for (const variant of ['', ...own.variants.map((v) => v.id)]) {
            const { campaign, resolved } = await checked(text, file, variant);
            const out = path.join(options.out, `${resolved.campaign.id}.${locale}${variant ? `.${variant}` : ''}.html`);
            writeFileSync(out, renderElement(campaign, resolved, { campaignUrl: `/campaigns/${name}`, locale, css, placeholders: true }));
            count += 1;
          }
        }
      }
      console.error(`prerender: ${count} form(s) written to ${options.out}`);
    }
    return 0;
  }
  if (options.positional.length !== 1) throw new UsageError('expected one campaign file');
  const [file] = options.positional;
  const { campaign, resolved } = await checked(readFileSync(file, 'utf8'), file, options.variant ?? '');
  process.stdout.write(`${renderElement(campaign, resolved, { campaignUrl: options.campaignUrl ?? file,
    locale: options.locale, css })}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
    if (error instanceof UsageError) {
      console.error(`prerender: ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof CampaignError ? error.message : `prerender: ${error.message}`);
    process.exit(1);
  });
}
