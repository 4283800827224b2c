import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // The end-to-end tests run here too (one command checks everything); `npm run test:e2e` runs them alone.
    exclude: ['node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Removes the temporary folders a test file made (test/helpers/temp.ts).
    setupFiles: ['test/helpers/setup.ts'],
  },
});
