import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * The one way tests make temporary folders. A folder made inside a test (or its beforeEach) is
 * removed when that test finishes; one made at file level or in beforeAll is removed when the test
 * file ends (`removeTempDirs`, registered for every file by test/helpers/setup.ts, after the file's own
 * afterAll hooks have closed what was open in it).
 */
const pending = new Set<string>();

/** A fresh folder under the system temp folder, named `<prefix>XXXXXX`. */
export function tempDir(prefix = 'quarry-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  pending.add(dir);
  try {
    onTestFinished(() => removeTempDir(dir));
  } catch {
    // Not inside a test: left for removeTempDirs at the end of the file.
  }
  return dir;
}

/** A path for a library file in a fresh temporary folder. */
export function tempLibraryFile(prefix = 'quarry-test-'): string {
  return join(tempDir(prefix), 'library.sqlite');
}

function removeTempDir(dir: string): void {
  // Retries: a child process or a closing SQLite handle may still hold a file for a moment.
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  pending.delete(dir);
}

/** Removes every folder tempDir made that is still there. */
export function removeTempDirs(): void {
  for (const dir of [...pending]) removeTempDir(dir);
}
