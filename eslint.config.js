import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
