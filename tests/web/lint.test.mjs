// The lint of the widget's JavaScript (eslint.config.js: ESLint's recommended rules, no text
// through markup, const and === as STYLE.md has them), as `make test` runs it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('web/src and the wasm module\'s JavaScript pass the lint', async () => {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['web/src', 'wasm/abi.mjs', 'web/build.mjs', 'web/prerender.mjs']);
  const problems = results.flatMap((r) => r.messages.map((m) =>
    `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? ''}: ${m.message}`));
  assert.ok(results.length >= 20, `${results.length} files linted`);
  assert.deepEqual(problems, []);
});
