import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../../src-shared/errors';

export interface FileEntry {
  readonly path: string;
  readonly bytes: number;
}

export interface CollectedFiles {
  readonly files: FileEntry[];
  /** Folders that were walked: documents under them whose files are gone get removed. */
  readonly folders: string[];
  /** Paths given that do not exist, reported as failures of the job. */
  readonly missing: string[];
}

const skippedDirectories = new Set(['node_modules', '.git', '.svn', '.hg', '__pycache__']);

/**
 * Expands the paths a user dropped into files: folders recursively, keeping only readable types
 * (a file named explicitly is always kept, so an unsupported one gets its own clear error).
 */
export async function collectFiles(paths: readonly string[], isSupported: (path: string) => boolean): Promise<CollectedFiles> {
  const files = new Map<string, FileEntry>();
  const folders: string[] = [];
  const missing: string[] = [];

  async function walk(folder: string): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skippedDirectories.has(entry.name)) await walk(full);
      } else if (entry.isFile() && isSupported(full)) {
        const info = await stat(full);
        files.set(full, { path: full, bytes: info.size });
      }
    }
  }

  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => null);
    if (!info) {
      missing.push(path);
    } else if (info.isDirectory()) {
      folders.push(path);
      await walk(path);
    } else if (info.isFile()) {
      files.set(path, { path, bytes: info.size });
    } else {
      throw new AppError('unsupported-file', `${path} is neither a file nor a folder.`);
    }
  }
  return { files: [...files.values()], folders, missing };
}
