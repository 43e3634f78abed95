// The lint of the widget's JavaScript (web/src, and the JavaScript half of the wasm module):
// ESLint's recommended rules and a few that keep the code as STYLE.md has it. Run by
// tests/web/lint.test.mjs in `make test`; `npx eslint` alone runs it too.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    files: ['web/src/**/*.js', 'wasm/abi.mjs', 'web/build.mjs', 'web/prerender.mjs'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, __VERSION__: 'readonly' },
    },
    rules: {
      ...js.configs.recommended.rules,
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-implicit-globals': 'error',
      // Campaign and visitor text never goes through markup (README, "Safety"): dom.js builds
      // with createElement, setAttribute and textContent only.
      'no-restricted-properties': ['error',
        { property: 'innerHTML', message: 'build DOM with dom.js h(): no text through markup' },
        { property: 'outerHTML', message: 'build DOM with dom.js h(): no text through markup' }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'no text through markup' }],
    },
  },
  {
    files: ['web/build.mjs', 'web/prerender.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
];
