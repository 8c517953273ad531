import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';
import { restrictedZones } from './scripts/layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'fixtures/**', 'src/generated/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The architecture (ARCHITECTURE.md, scripts/layers.mjs): imports go down the layers only, and never in a circle.
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // no-cycle follows imports by parsing the files they name: it needs the TypeScript parser for .ts files.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: restrictedZones() }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Parsed JSON may hold LazyLists (a big input's long lists, parsed element by element): code that walks it tells
    // lists apart with isList from src/load/json/values.ts, which knows them. iptables text is not JSON.
    files: ['src/load/**/*.ts', 'src/model/**/*.ts', 'rules/**/*.ts'],
    ignores: ['src/load/json/values.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Array', property: 'isArray', message: 'parsed JSON lists may be LazyLists: use isList (src/load/json/values.ts, re-exported by src/load/reader.ts)' }],
    },
  },
  {
    // The HTML report's page script (bundled into src/generated/html-client.ts by scripts/build-html-client.mjs):
    // browser code, type-checked with DOM types by src/report/html/client/tsconfig.json (which is what checks names:
    // no-undef is off for TypeScript), running beside dagre's global.
    files: ['src/report/html/client/**/*.ts'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Element: 'readonly',
        HTMLElement: 'readonly',
        HTMLInputElement: 'readonly',
        HTMLSelectElement: 'readonly',
        HTMLTableElement: 'readonly',
        SVGSVGElement: 'readonly',
        SVGGraphicsElement: 'readonly',
        dagre: 'readonly',
      },
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', performance: 'readonly', Buffer: 'readonly', structuredClone: 'readonly' } },
  },
);
