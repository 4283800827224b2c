import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/**
 * The engine's layers, lowest first (docs/architecture.md explains each). A layer may import any layer
 * below it; never one above it, and never a sibling that shares its rank. The declared `Engine`
 * (engine.ts) and the composition root (index.ts, handlers.ts) sit above them all.
 */
const engineLayers = [
  ['text'],
  ['store', 'events.ts', 'logger.ts'],
  ['audit'],
  ['settings'],
  ['providers'],
  ['router'],
  ['embedding'],
  ['ingest', 'retrieve'],
  ['cache'],
  ['answer'],
  ['monitor'],
  ['maintenance'],
  ['eval'],
  ['engine.ts'],
  ['index.ts', 'handlers.ts'],
];
const enginePath = (part) => `./src-main/engine/${part}`;
const layerZones = engineLayers.flatMap((rank, index) =>
  rank.map((part) => ({
    target: enginePath(part),
    from: [...engineLayers.slice(index + 1).flat(), ...rank.filter((other) => other !== part)].map(enginePath),
    message: `the engine's layers import only downward (docs/architecture.md): ${part} may not import this`,
  })),
);

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      // no-cycle parses every file it follows: TypeScript needs its parser.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  // Layering (ARCHITECTURE.md): shared imports nothing of ours or the platform; the engine never
  // imports electron or the hosts; the renderer reaches the main process only through src-shared.
  {
    files: ['src-shared/**'],
    rules: restrict(['**/src-main/**', '**/src-renderer/**', 'node:*', 'electron'], 'src-shared must stay pure'),
  },
  {
    files: ['src-main/engine/**'],
    rules: restrict(
      ['electron', '**/cli/**', '**/server/**', '**/ipc/**', '**/app/**', '**/preload/**', '**/src-renderer/**'],
      'the engine imports only src-shared and its own modules',
    ),
  },
  {
    files: ['src-main/cli/**', 'src-main/server/**'],
    rules: restrict(['electron', '**/src-renderer/**'], 'hosts other than the Electron shell never import electron'),
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(['**/src-main/**', 'electron', 'node:*'], 'the renderer talks to the engine only through src-shared/contract'),
  },
);
