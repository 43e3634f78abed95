// Builds web/dist: the shell, magnete.js (script tag, IIFE) and magnete.mjs (ES module): the
// custom element, mount and forget, what a page evaluates while it loads; the app,
// magnete-app.mjs (ES module), which the shell imports when a widget starts; the core beside
// them, magnete-core.wasm (the lean module every visitor loads) and magnete-core-full.wasm
// (loaded only for a campaign the lean one cannot take; wasm/CMakeLists.txt); and magnete.css
// (minified: the styles, linked in the shadow root by pre-rendered markup and by the app); and
// magnete.d.ts (web/types), the types of it all.
// Each is also precompressed, as a server sends it: <file>.gz by zopfli (gzip that any client
// reads, ~4 KB smaller than gzip -9 here; Debian's zopfli) and <file>.br by brotli at quality 11
// (node's zlib). The collector serves the best one the client accepts (gzip_static in nginx).
// Usage: node web/build.mjs [--wasm-dir build/wasm/web] [--out-dir web/dist]
import { build, transform } from 'esbuild';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return path.resolve(root, i > 0 ? process.argv[i + 1] : fallback);
};
const wasmDir = arg('--wasm-dir', 'build/wasm/web');
const dist = arg('--out-dir', 'web/dist');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

const CORES = ['magnete-core.wasm', 'magnete-core-full.wasm'];

await mkdir(dist, { recursive: true });
const common = {
  bundle: true,
  minify: true,
  // Evergreen browsers from 2021 on (Chrome/Edge 90+, Firefox 90+, Safari 15+) run ES2022's
  // class fields and #private members natively: esbuild then neither lowers them to WeakMap
  // helpers nor keeps their long names (-0.2 KB gzip). Chrome is not named: for a V8 bug
  // fixed in 91 esbuild would lower every `?.`, which no earlier build did either.
  target: ['es2022', 'firefox90', 'safari15'],
  define: { __VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, entryPoints: [path.join(root, 'web/src/script.js')], format: 'iife',
    outfile: path.join(dist, 'magnete.js') }),
  build({ ...common, entryPoints: [path.join(root, 'web/src/module.js')], format: 'esm',
    outfile: path.join(dist, 'magnete.mjs') }),
  build({ ...common, entryPoints: [path.join(root, 'web/src/app.js')], format: 'esm',
    outfile: path.join(dist, 'magnete-app.mjs'),
    // V8's explicit compile hint: compile every function of the app while the module streams in,
    // off the main thread, not at its first call, during the widget's start.
    banner: { js: '//# allFunctionsCalledOnLoad' } }),
  ...CORES.map((name) => copyFile(path.join(wasmDir, name), path.join(dist, name))),
  // The public surface's types (the package's "types"): the element, mount/forget, the events.
  copyFile(path.join(root, 'web/types/magnete.d.ts'), path.join(dist, 'magnete.d.ts')),
  // One stylesheet, minified, for both ways of showing the widget: pre-rendered markup links it,
  // and the app links it in the shadow root before it renders (style-src 'self' holds).
  readFile(path.join(root, 'web/styles/widget.css'), 'utf8')
    .then((css) => transform(css, { loader: 'css', minify: true }))
    .then(({ code }) => writeFile(path.join(dist, 'magnete.css'), code)),
]);

// zopfli's 15 iterations (its default) take ~1 s for the wasm; 200 would save 40 bytes more in 5 s.
const shipped = ['magnete.js', 'magnete.mjs', 'magnete-app.mjs', ...CORES, 'magnete.css'];
const run = promisify(execFile);
const brotli = promisify(brotliCompress);
await Promise.all(shipped.map(async (name) => {
  const file = path.join(dist, name);
  const data = await readFile(file);
  const quality = { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } };
  await Promise.all([
    run('zopfli', ['--i15', file]).catch((error) => {
      throw new Error(`zopfli ${name}: ${error.message} (Debian's zopfli package; make deps installs it)`);
    }),
    brotli(data, quality).then((br) => writeFile(`${file}.br`, br)),
  ]);
}));
