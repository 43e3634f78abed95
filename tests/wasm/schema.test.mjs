// The published JSON Schema (src/core/schema/campaign.schema.json) agrees with the core's
// parser: every campaign the core accepts is schema-valid, and structural mistakes the
// schema can express are refused by both.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import Ajv2020 from 'ajv/dist/2020.js';

import { loadCore, root } from './core.mjs';

const schema = JSON.parse(readFileSync(path.join(root, 'src/core/schema/campaign.schema.json'), 'utf8'));
// The core's own formats and message annotations (see src/core/schema/validator.hpp); the
// schema also gives each format as a pattern, for validators that know nothing of these.
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
for (const name of ['identifier', 'locale', 'country', 'endpoint', 'condition']) ajv.addFormat(name, true);
ajv.addKeyword('x-expected');
ajv.addKeyword('x-message');
ajv.addKeyword('x-unknown');
const validate = ajv.compile(schema);
const demo = path.join(root, 'demo/campaigns');
const fixtures = path.join(root, 'tests/fixtures');
const campaigns = [
  ...readdirSync(demo).filter((f) => f.endsWith('.json')).map((f) => [f, path.join(demo, f)]),
  ...readdirSync(fixtures).map((d) => [`fixture ${d}`, path.join(fixtures, d, 'campaign.json')])
    .filter(([, file]) => existsSync(file)),
].map(([name, file]) => [name, readFileSync(file, 'utf8')]);

describe('campaign JSON Schema', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  for (const [name, text] of campaigns) {
    test(`${name}: what the core accepts, the schema accepts`, () => {
      const coreOk = JSON.parse(core.validateCampaign(text)).ok;
      const schemaOk = validate(JSON.parse(text));
      if (coreOk) assert.ok(schemaOk, JSON.stringify(validate.errors, null, 1));
      else assert.ok(name.includes('invalid'), 'only the invalid-* fixtures may be refused by the core');
    });
  }

  const base = JSON.parse(campaigns.find(([n]) => n === 'seed-b2b.json')[1]);
  const broken = {
    'an unknown top-level key': (c) => { c.scorng = {}; },
    'an unknown field type': (c) => { c.fields[0].type = 'emial'; },
    'points given as text': (c) => { c.scoring.engagement[0].points = 'five'; },
    'a stage condition of an unknown kind': (c) => { c.scoring.stages[0].require.push('emial'); },
    'a delivery endpoint that is not http or a path': (c) => { c.delivery.endpoint = 'javascript:alert(1)'; },
    'a trigger with nothing to show': (c) => { delete c.triggers[0].show; },
    'a missing id': (c) => { delete c.id; },
    'an event filter with two matches': (c) => { c.scoring.engagement[0].filter = { prefix: '/a', equals: '/b' }; },
  };
  for (const [what, breakIt] of Object.entries(broken)) {
    test(`refused by both: ${what}`, () => {
      const c = structuredClone(base);
      breakIt(c);
      assert.equal(validate(c), false, 'schema accepted it');
      assert.equal(JSON.parse(core.validateCampaign(JSON.stringify(c))).ok, false, 'core accepted it');
    });
  }
});
