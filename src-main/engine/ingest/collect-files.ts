import { readdir, readlink, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { AppError, type ErrorCode } from '../../../src-shared/errors';

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
  /** Entries found but not read (broken or looping symbolic links), reported as failures of the job. */
  readonly problems: FileProblem[];
}

/** A path the walk met and did not read, with the reason in words. */
export interface FileProblem {
  readonly path: string;
  readonly code: ErrorCode;
  readonly message: string;
}

const skippedDirectories = new Set(['node_modules', '.git', '.svn', '.hg', '__pycache__']);

/**
 * Expands the paths a user dropped into files: folders recursively, keeping only readable types
 * (a file named explicitly is always kept, so an unsupported one gets its own clear error).
 * Symbolic links are followed, to files and to folders; a link to a folder already being read (a
 * loop, or the same folder twice) is not followed, and it and broken links are reported.
 */
export async function collectFiles(paths: readonly string[], isSupported: (path: string) => boolean): Promise<CollectedFiles> {
  const files = new Map<string, FileEntry>();
  const folders: string[] = [];
  const missing: string[] = [];
  const problems: FileProblem[] = [];
  const walked = new Map<string, string>();

  async function walk(folder: string): Promise<void> {
    const real = await realpath(folder);
    const earlier = walked.get(real);
    if (earlier !== undefined) {
      problems.push({
        path: folder,
        code: 'unsupported-file',
        message: `${folder} is a symbolic link to a folder already read as ${earlier} (a loop or a second way in); it was not followed.`,
      });
      return;
    }
    walked.set(real, folder);
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(folder, entry.name);
      if (entry.isSymbolicLink()) await followLink(full);
      else if (entry.isDirectory()) {
        if (!skippedDirectories.has(entry.name)) await walk(full);
      } else if (entry.isFile() && isSupported(full)) {
        const info = await stat(full);
        files.set(full, { path: full, bytes: info.size });
      }
    }
  }

  async function followLink(link: string): Promise<void> {
    const target = await stat(link).catch(() => null);
    if (target === null) {
      const points = await readlink(link).catch(() => '?');
      problems.push({ path: link, code: 'not-found', message: `${basename(link)} is a symbolic link to ${points}, which does not exist.` });
    } else if (target.isDirectory()) {
      if (!skippedDirectories.has(basename(link))) await walk(link);
    } else if (target.isFile() && isSupported(link)) {
      files.set(link, { path: link, bytes: target.size });
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
  return { files: [...files.values()], folders, missing, problems };
}
