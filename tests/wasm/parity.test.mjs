// The same fixtures as tests/core/parity_fixtures_test.cpp, run through the core in
// WebAssembly: every output must equal expected.json byte for byte, so native and wasm
// agree exactly (README, "Parity"). The node module runs every fixture; the module the
// browser loads, which has only the Engine's calls, runs every fixture made of calls.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { loadCore, loadShippedCore, openEngine, root } from './core.mjs';

const fixtures = path.join(root, 'tests/fixtures');
const read = (file) => readFileSync(file, 'utf8');
const trimNewline = (s) => s.replace(/[\r\n]+$/, '');

function campaignText(dir) {
  const inline = path.join(dir, 'campaign.json');
  if (existsSync(inline)) return read(inline);
  return read(path.join(root, trimNewline(read(path.join(dir, 'campaign.path')))));
}

function runCalls(core, campaign, calls) {
  const engine = openEngine(core, campaign);
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
  if (existsSync(calls)) return runCalls(core, campaign, JSON.parse(read(calls)));
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

describe('parity: the shipped browser module gives the same answers', () => {
  let shipped;
  before(async () => {
    shipped = await loadShippedCore();
  });

  test('it exposes the Engine calls and nothing the widget does not use', () => {
    const api = Object.keys(shipped).filter((k) => typeof shipped[k] === 'function');
    for (const name of ['open', 'close', 'status', 'setField', 'setConsent', 'addEvent', 'answer', 'assess', 'buildPayload']) {
      assert.ok(api.includes(name), `${name} is missing`);
    }
    assert.equal(shipped.assessLead, undefined);
    assert.equal(shipped.validateCampaign, undefined);
  });
  test('there are call fixtures to compare', () => assert.ok(cases.filter(isCalls).length >= 3));
  for (const name of cases.filter(isCalls)) {
    test(name, () => {
      const dir = path.join(fixtures, name);
      assert.equal(runFixture(shipped, dir), read(path.join(dir, 'expected.json')));
    });
  }
  test('a closed or unknown handle answers an error value, not a crash', () => {
    const handle = shipped.open(read(path.join(root, 'demo/campaigns/seed-b2b.json')));
    assert.equal(JSON.parse(shipped.status(handle)).ok, true);
    shipped.close(handle);
    for (const h of [handle, 0, -1, 9999]) {
      const answer = JSON.parse(shipped.assess(h, '2026-12-02T10:00:00Z'));
      assert.equal(answer.ok, false);
      assert.match(answer.errors[0].message, /no such engine/);
    }
    shipped.close(handle); // twice is harmless
    const again = shipped.open('{}');
    assert.equal(again, handle, 'a closed handle is reused');
    assert.equal(JSON.parse(shipped.status(again)).ok, false);
    shipped.close(again);
  });
});
