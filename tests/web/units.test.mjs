// Unit tests of the widget's pure functions, under node: the outbox's retry policy, locale
// choice, text picking and string overrides, variant draws.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { chooseLocale, pick, translator } from '../../web/src/i18n.js';
import { classify, retryAfterMs } from '../../web/src/outbox.js';
import { assignVariant, pickVariant } from '../../web/src/variants.js';

describe('outbox retry policy', () => {
  const never = () => 0.999999;
  test('2xx is delivered', () => assert.deepEqual(classify({ ok: true, status: 201 }, 0), { done: true }));
  test('4xx is final, except 408 and 429', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422]) {
      assert.deepEqual(classify({ ok: false, status }, 0), { final: true }, String(status));
    }
    for (const status of [408, 429]) assert.ok('retryIn' in classify({ ok: false, status }, 0), String(status));
  });
  test('network errors and 5xx are retried', () => {
    for (const status of [0, 500, 502, 503, 504]) assert.ok('retryIn' in classify({ ok: false, status }, 0));
  });
  test('the backoff doubles from 1 s and stops growing at 5 minutes, with full jitter', () => {
    assert.equal(classify({ ok: false, status: 0 }, 0, never).retryIn, 1000);
    assert.equal(classify({ ok: false, status: 0 }, 3, never).retryIn, 8000);
    assert.equal(classify({ ok: false, status: 0 }, 30, never).retryIn, 300000);
    assert.equal(classify({ ok: false, status: 0 }, 3, () => 0).retryIn, 0);
    assert.equal(classify({ ok: false, status: 0 }, 3, () => 0.5).retryIn, 4000);
  });
  test('Retry-After is honoured on 429 and 503, in seconds or as a date', () => {
    assert.equal(classify({ ok: false, status: 429, retryAfter: '7' }, 0, () => 0).retryIn, 7000);
    assert.equal(classify({ ok: false, status: 503, retryAfter: '2' }, 0, () => 0).retryIn, 2000);
    assert.equal(classify({ ok: false, status: 500, retryAfter: '60' }, 0, () => 0).retryIn, 0);
    const now = Date.parse('2026-11-22T10:00:00Z');
    assert.equal(retryAfterMs('Sun, 22 Nov 2026 10:00:30 GMT', now), 30000);
    assert.equal(retryAfterMs('soon', now), null);
    assert.equal(retryAfterMs(null, now), null);
  });
});

describe('locale choice', () => {
  const campaign = { default_locale: 'it', locales: ['it', 'en'] }; // as the core resolves them
  const page = (lang) => ({ documentElement: { lang } });
  const browser = (...languages) => ({ languages });
  test('the locale attribute wins', () => assert.equal(chooseLocale(campaign, 'en', page('it'), browser('it')), 'en'));
  test('then <html lang>, by language', () => assert.equal(chooseLocale(campaign, '', page('en-GB'), browser('it')), 'en'));
  test('then the browser', () => assert.equal(chooseLocale(campaign, '', page(''), browser('fr-FR', 'en-US')), 'en'));
  test('else the campaign default', () => assert.equal(chooseLocale(campaign, '', page('de'), browser('fr')), 'it'));
  test('only among the campaign locales', () => {
    assert.equal(chooseLocale({ default_locale: 'it', locales: ['it'] }, 'en', page('en'), browser('en')), 'it');
  });
});

describe('texts and strings', () => {
  test('a campaign text in the locale, its language, the fallback, or any', () => {
    assert.equal(pick('ciao', 'en', 'it'), 'ciao');
    assert.equal(pick({ it: 'ciao', en: 'hello' }, 'en-GB', 'it'), 'hello');
    assert.equal(pick({ it: 'ciao' }, 'en', 'it'), 'ciao');
    assert.equal(pick({ de: 'hallo' }, 'en', 'it'), 'hallo');
    assert.equal(pick(undefined, 'en', 'it'), '');
  });
  test('built-in strings in Italian and English, overridable, with placeholders', () => {
    assert.equal(translator('it')('next'), 'Avanti');
    assert.equal(translator('en')('next'), 'Next');
    assert.equal(translator('it', { next: 'Continua' })('next'), 'Continua');
    assert.equal(translator('it')('step', { n: 2, total: 3 }), 'Passo 2 di 3');
    assert.equal(translator('fr')('next'), 'Next');
  });
});

describe('variants', () => {
  const variants = [{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }];
  test('drawn by weight', () => {
    assert.equal(pickVariant(variants, 0), 'a');
    assert.equal(pickVariant(variants, 0.2499), 'a');
    assert.equal(pickVariant(variants, 0.25), 'b');
    assert.equal(pickVariant(variants, 0.9999), 'b');
  });
  test('the draw keeps a stored variant still drawn, skips weight 0, and stores a new one', () => {
    const stored = new Map();
    const store = { get: (k) => stored.get(k), set: (k, v) => stored.set(k, v) };
    const offered = [{ id: 'a', weight: 0 }, { id: 'b', weight: 1 }, { id: 'c', weight: 1 }];
    assert.equal(assignVariant(offered, store, () => 0), 'b');
    assert.equal(stored.get('variant'), 'b');
    assert.equal(assignVariant(offered, store, () => 0.99), 'b', 'sticky');
    stored.set('variant', 'a'); // no longer drawn
    assert.equal(assignVariant(offered, store, () => 0.99), 'c');
    assert.equal(assignVariant([], store), '');
  });
});
