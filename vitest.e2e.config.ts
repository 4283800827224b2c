import { defineConfig } from 'vitest/config';

/** Only the end-to-end tests (the browser against `quarry serve`); `npm test` runs them with the rest. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Removes the temporary folders a test file made (test/helpers/temp.ts).
    setupFiles: ['test/helpers/setup.ts'],
  },
});
