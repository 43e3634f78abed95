// The same fixtures as tests/core/parity_fixtures_test.cpp, run through the core in
// WebAssembly: every output must equal expected.json byte for byte, so native and wasm
// agree exactly (README, "Parity").
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { loadCore, nodeBuild, root } from './core.mjs';

const fixtures = path.join(root, 'tests/fixtures');
const read = (file) => readFileSync(file, 'utf8');
const trimNewline = (s) => s.replace(/[\r\n]+$/, '');

function campaignText(dir) {
  const inline = path.join(dir, 'campaign.json');
  if (existsSync(inline)) return read(inline);
  return read(path.join(root, trimNewline(read(path.join(dir, 'campaign.path')))));
}

function runCalls(core, campaign, calls) {
  const engine = new core.Engine(campaign);
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

describe('parity: wasm output equals the native expected files', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  const cases = readdirSync(fixtures).filter((name) => statSync(path.join(fixtures, name)).isDirectory());
  test('there are fixtures to compare', () => assert.ok(cases.length >= 6, `${cases.length} fixtures`));
  for (const name of cases) {
    test(name, () => {
      const dir = path.join(fixtures, name);
      assert.equal(runFixture(core, dir), read(path.join(dir, 'expected.json')));
    });
  }
});

test('the shipped browser .wasm is the very module these tests run', () => {
  const tested = readFileSync(path.join(nodeBuild, 'magnete-core.wasm'));
  const shipped = readFileSync(path.join(root, 'web/dist/magnete-core.wasm'));
  assert.ok(tested.equals(shipped), 'web/dist/magnete-core.wasm differs from build/wasm/node');
});
