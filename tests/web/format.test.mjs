// The C++ formatting gate: every C++ file of the repository is as clang-format formats it with
// the repository's .clang-format (Google style, 100 columns). A file that differs fails with its
// name; `clang-format -i FILE` fixes it. clang-format is one of the Debian packages make installs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['src', 'wasm', 'tests'];
const CXX = /\.(cpp|hpp|h|cc)$/;

function cxxFiles(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return cxxFiles(rel);
    return CXX.test(e.name) ? [rel] : [];
  });
}

test('every C++ file is formatted as .clang-format says', () => {
  const files = FOLDERS.flatMap(cxxFiles).sort();
  assert.ok(files.length > 100, `found only ${files.length} C++ files`);
  const differ = files.filter((file) => {
    const r = spawnSync('clang-format', ['--style=file', '--dry-run', '--Werror', file], { cwd: root, encoding: 'utf8' });
    if (r.error) throw r.error;
    return r.status !== 0;
  });
  assert.deepEqual(differ, [], `${differ.length} of ${files.length} C++ files differ from clang-format; run clang-format -i on them`);
});
