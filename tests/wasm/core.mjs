// Loads the core's node build (build/wasm/node) for the tests. Node's global fetch would make
// the Emscripten 3.1.6 glue fetch the .wasm by path and fail, so the bytes are passed in.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const nodeBuild = path.join(root, 'build/wasm/node');

export async function loadCore() {
  const require = createRequire(import.meta.url);
  const createMagneteCore = require(path.join(nodeBuild, 'magnete-core.cjs'));
  return createMagneteCore({ wasmBinary: readFileSync(path.join(nodeBuild, 'magnete-core.wasm')) });
}
