// The package a site installs: `npm pack` of this repository, installed into an empty project
// (no registry needed: the package has no dependencies), imported there, and a host page's
// TypeScript (tests/types/host-page.ts) compiled against its types with the repository's tsc.
// Also: the wasm API's JavaScript half checked against wasm/magnete-core.d.ts (tests/types).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('the wasm API\'s JavaScript (wasm/abi.mjs, web/src/engine.js) type-checks against wasm/magnete-core.d.ts', () => {
  run(process.execPath, [tsc, '-p', path.join(root, 'tests/types')], root);
});

describe('npm pack: a package a site can install, import and type-check against', () => {
  let dir;
  let installed;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'magnete-package-'));
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'host-site', private: true, type: 'module' }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(dir, packed.filename)], dir);
    installed = path.join(dir, 'node_modules/magnete');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('it holds the bundle, its types and the campaign schema, and nothing of the sources', () => {
    for (const file of ['web/dist/magnete.mjs', 'web/dist/magnete.js', 'web/dist/magnete-app.mjs', 'web/dist/magnete.css',
      'web/dist/magnete-core.wasm', 'web/dist/magnete-core-full.wasm', 'web/dist/magnete-core.wasm.br',
      'web/dist/magnete.d.ts', 'src/core/schema/campaign.schema.json', 'package.json']) {
      assert.ok(existsSync(path.join(installed, file)), file);
    }
    for (const file of ['web/src', 'src/core/scoring', 'tests', 'node_modules']) assert.ok(!existsSync(path.join(installed, file)), file);
  });

  test('a site imports it: the module\'s API, and the files beside it by their package names', () => {
    const linkedom = path.join(root, 'node_modules/linkedom/esm/index.js');
    writeFileSync(path.join(dir, 'site.mjs'), `
      import { parseHTML } from ${JSON.stringify(linkedom)};
      const { window, document, customElements, HTMLElement, CustomEvent } = parseHTML('<!doctype html><html><body></body></html>');
      Object.assign(globalThis, { window, document, customElements, HTMLElement, CustomEvent });
      const magnete = await import('magnete');
      const schema = (await import('magnete/campaign.schema.json', { with: { type: 'json' } })).default;
      console.log(JSON.stringify({
        exports: Object.keys(magnete).sort(),
        element: customElements.get('magnete-widget') === magnete.MagneteWidget,
        wasm: import.meta.resolve('magnete/magnete-core.wasm'),
        css: import.meta.resolve('magnete/magnete.css'),
        schema: schema.title ?? schema.$id ?? Object.keys(schema.properties).length,
      }));`);
    const out = JSON.parse(run(process.execPath, ['site.mjs'], dir));
    assert.deepEqual(out.exports, ['MagneteWidget', 'default', 'define', 'forget', 'mount']);
    assert.equal(out.element, true, '<magnete-widget> is defined on import');
    assert.ok(out.wasm.endsWith('node_modules/magnete/web/dist/magnete-core.wasm'), out.wasm);
    assert.ok(out.css.endsWith('node_modules/magnete/web/dist/magnete.css'), out.css);
    assert.ok(out.schema, 'the campaign schema is published');
    assert.deepEqual(readFileSync(path.join(installed, 'src/core/schema/campaign.schema.json')),
      readFileSync(path.join(root, 'src/core/schema/campaign.schema.json')));
  });

  test('a host page\'s TypeScript compiles against the installed types, and its mistakes do not', () => {
    copyFileSync(path.join(root, 'tests/types/host-page.ts'), path.join(dir, 'host-page.ts'));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
        lib: ['es2022', 'dom'], types: [] },
      files: ['host-page.ts'],
    }));
    run(process.execPath, [tsc, '-p', dir], dir);
  });
});

test('the Campaign type names every key of the campaign schema, and no other', () => {
  const dts = readFileSync(path.join(root, 'web/types/magnete.d.ts'), 'utf8');
  const body = dts.match(/export interface Campaign \{([\s\S]*?)\n\}/)[1];
  const keys = [...body.matchAll(/^ {2}(\$?\w+)\??:/gm)].map((m) => m[1]);
  const schema = JSON.parse(readFileSync(path.join(root, 'src/core/schema/campaign.schema.json'), 'utf8'));
  assert.deepEqual(keys, Object.keys(schema.properties));
  const variant = dts.match(/overrides\?: \{([^}]*)\}/)[1];
  assert.deepEqual([...variant.matchAll(/(\w+)\?:/g)].map((m) => m[1]),
    Object.keys(schema.$defs.variant.properties.overrides.properties), 'a variant overrides the texts the schema allows');
});
