import { afterAll } from 'vitest';
import { removeTempDirs } from './temp';

// Registered before any of a file's own hooks, so with vitest's stacked hook order it runs last:
// after the file has closed its engines, servers and databases.
afterAll(() => removeTempDirs());
