// The published JSON Schema (src/core/schema/campaign.schema.json) agrees with the core's
// parser: every campaign the core accepts is schema-valid, and structural mistakes the
// schema can express are refused by both.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import Ajv2020 from 'ajv/dist/2020.js';

import { loadCore, root } from './core.mjs';

const schema = JSON.parse(readFileSync(path.join(root, 'src/core/schema/campaign.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false }).compile(schema);
const demo = path.join(root, 'demo/campaigns');
const campaigns = readdirSync(demo).filter((f) => f.endsWith('.json'))
  .map((f) => [f, readFileSync(path.join(demo, f), 'utf8')]);

describe('campaign JSON Schema', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  for (const [name, text] of campaigns) {
    test(`${name} is valid for the core and for the schema`, () => {
      assert.deepEqual(JSON.parse(core.validateCampaign(text)).ok, true);
      assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors, null, 1));
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
