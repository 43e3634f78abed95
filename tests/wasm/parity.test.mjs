// The same fixtures as tests/core/parity_fixtures_test.cpp, run through the core in
// WebAssembly: every output must equal expected.json byte for byte, so native and wasm
// agree exactly (README, "Parity"). The node module runs every fixture. The browser's two
// modules, which have only the Engine's calls, run every fixture made of calls: the full one
// alone, and the lean one as web/src/engine.js runs it, handing to the full one a campaign it
// answers needs_full_core about. The lean module must never take a campaign the full one
// refuses, must take every valid one that has no vendor format, and must answer what the full
// one answers: checked on the fixtures, the demo campaigns and ~6,800 broken variants of them.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { declaredCalls, loadCore, loadShippedCore, openEngine, root } from './core.mjs';


const fixtures = path.join(root, 'tests/fixtures');
const read = (file) => readFileSync(file, 'utf8');
const trimNewline = (s) => s.replace(/[\r\n]+$/, '');

function campaignText(dir) {
  const inline = path.join(dir, 'campaign.json');
  if (existsSync(inline)) return read(inline);
  return read(path.join(root, trimNewline(read(path.join(dir, 'campaign.path')))));
}

function runCalls(core, campaign, variant, calls) {
  const engine = openEngine(core, campaign, variant);
  const out = [engine.status()];
  for (const [name, ...args] of calls) {
    const a = (i) => args[i] ?? '';
    switch (name) {
      case 'setField': out.push(engine.setField(a(0), a(1), a(2))); break;
      case 'setConsent': out.push(engine.setConsent(a(0))); break;
      case 'addEvent': out.push(engine.addEvent(a(0))); break;
      case 'answer': out.push(engine.answer(a(0), a(1), a(2))); break;
      case 'assess': out.push(engine.assess(a(0))); break;
      case 'buildPayload': out.push(engine.buildPayload(a(0), a(1))); break;
      default: out.push(`unknown call ${name}`);
    }
  }
  engine.delete();
  return `${out.join('\n')}\n`;
}

function runFixture(core, dir) {
  const campaign = campaignText(dir);
  const calls = path.join(dir, 'calls.json');
  const variantFile = path.join(dir, 'variant.txt');
  const variant = existsSync(variantFile) ? trimNewline(read(variantFile)) : '';
  if (existsSync(calls)) return runCalls(core, campaign, variant, JSON.parse(read(calls)));
  const nowFile = path.join(dir, 'now.txt');
  const now = existsSync(nowFile) ? trimNewline(read(nowFile)) : '';
  return `${core.assessLead(campaign, read(path.join(dir, 'lead.json')), now)}\n`;
}

const cases = readdirSync(fixtures).filter((name) => statSync(path.join(fixtures, name)).isDirectory());
const isCalls = (name) => existsSync(path.join(fixtures, name, 'calls.json'));

describe('parity: wasm output equals the native expected files', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  test('there are fixtures to compare', () => assert.ok(cases.length >= 6, `${cases.length} fixtures`));
  for (const name of cases) {
    test(name, () => {
      const dir = path.join(fixtures, name);
      assert.equal(runFixture(core, dir), read(path.join(dir, 'expected.json')));
    });
  }
});

const vendor = (campaign) => {
  const d = JSON.parse(campaign).delivery;
  return ['hubspot', 'salesforce'].includes(d?.format) || d?.hubspot != null || d?.salesforce != null;
};

describe('parity: the browser modules give the same answers', () => {
  let lean;
  let full;
  before(async () => {
    [lean, full] = await Promise.all([loadShippedCore('magnete-core.wasm'), loadShippedCore('magnete-core-full.wasm')]);
  });

  test('they expose the Engine calls and nothing the widget does not use', () => {
    for (const core of [lean, full]) {
      for (const name of declaredCalls().browser) {
        assert.equal(typeof core[name], 'function', `${name} is missing`);
      }
      assert.equal(core.assessLead, undefined);
      assert.equal(core.validateCampaign, undefined);
    }
  });
  test('there are call fixtures to compare', () => assert.ok(cases.filter(isCalls).length >= 3));
  for (const name of cases.filter(isCalls)) {
    test(`${name}: the full module`, () => {
      const dir = path.join(fixtures, name);
      assert.equal(runFixture(full, dir), read(path.join(dir, 'expected.json')));
    });
    test(`${name}: the lean module, or the full one where it says so`, () => {
      const dir = path.join(fixtures, name);
      const campaign = campaignText(dir);
      const [status, fullStatus] = [lean, full].map((core) => {
        const engine = openEngine(core, campaign);
        const answer = JSON.parse(engine.status());
        engine.delete();
        return answer;
      });
      const needsFull = status.code === 'needs_full_core';
      assert.equal(needsFull, vendor(campaign) || !fullStatus.ok, JSON.stringify(status));
      assert.equal(runFixture(needsFull ? full : lean, dir), read(path.join(dir, 'expected.json')));
    });
  }
  test('a closed or unknown handle answers an error value, not a crash', () => {
    const handle = lean.open(read(path.join(root, 'demo/campaigns/seed-b2b.json')));
    assert.equal(JSON.parse(lean.status(handle)).ok, true);
    lean.close(handle);
    for (const h of [handle, 0, -1, 9999]) {
      const answer = JSON.parse(lean.assess(h, '2026-12-02T10:00:00Z'));
      assert.equal(answer.ok, false);
      assert.match(answer.errors[0].message, /no such engine/);
    }
    lean.close(handle); // twice is harmless
    const again = lean.open('{}');
    assert.equal(again, handle, 'a closed handle is reused');
    assert.equal(JSON.parse(lean.status(again)).code, 'needs_full_core');
    lean.close(again);
  });
  test('text crosses the boundary as UTF-8, both ways', () => {
    const engine = openEngine(lean, read(path.join(root, 'demo/campaigns/seed-b2b.json')));
    const title = 'Directrice Générale 🏋️';
    const answer = JSON.parse(engine.setField('job_title', JSON.stringify(title), 'it'));
    engine.delete();
    assert.equal(answer.value, title, JSON.stringify(answer));
  });

  // Every campaign the lean module takes, the full one takes with the same status; every one it
  // does not, it answers needs_full_core about; every valid one without a vendor format, it takes.
  test('the lean module takes exactly the valid campaigns without a vendor format', () => {
    const texts = [
      ...readdirSync(path.join(root, 'demo/campaigns')).map((f) => read(path.join(root, 'demo/campaigns', f))),
      ...cases.map((name) => campaignText(path.join(fixtures, name))),
    ];
    const variants = [...new Set(texts)].flatMap((text) => [text, ...broken(JSON.parse(text))]);
    assert.ok(variants.length > 500, `${variants.length} campaigns`);
    let taken = 0;
    for (const text of variants) {
      const [l, f] = [lean, full].map((core) => {
        const h = core.open(text);
        const status = core.status(h);
        core.close(h);
        return status;
      });
      const fullOk = JSON.parse(f).ok;
      if (JSON.parse(l).ok) {
        taken += 1;
        assert.equal(l, f, text);
      } else {
        assert.equal(JSON.parse(l).code, 'needs_full_core', text);
        assert.ok(!fullOk || vendor(text), `the lean module refused a valid campaign: ${text}`);
      }
    }
    assert.ok(taken > 10, `${taken} taken`);
    console.log(`${variants.length} campaigns: ${taken} taken by the lean module`);
  });
});

// Broken variants of a campaign, one change each: every member removed, set to null, to a value
// of another type, or to an out-of-range one; an unknown key in every object; every array's
// first item repeated (duplicate ids) or emptied. (Each of null, '', -1e9, 1.5 and {} in place of
// every scalar: a type, a range or an emptiness the core checks.)
function broken(campaign) {
  const out = [];
  const visit = (value, change) => {
    if (Array.isArray(value)) {
      if (value.length) {
        out.push(change([value[0], ...value]));
        out.push(change([]));
      }
      value.forEach((item, i) => visit(item, (v) => change(value.map((x, k) => (k === i ? v : x)))));
    } else if (value && typeof value === 'object') {
      out.push(change({ ...value, x_unknown: 1 }));
      for (const key of Object.keys(value)) {
        const { [key]: _, ...rest } = value;
        out.push(change(rest));
        visit(value[key], (v) => change({ ...value, [key]: v }));
      }
    } else {
      for (const v of [null, '', -1e9, 1.5, {}]) {
        if (v !== value) out.push(change(v));
      }
    }
  };
  visit(campaign, (v) => JSON.stringify(v));
  return out;
}
