import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';

const cli = join(import.meta.dirname, '../../../bin/quarry.js');
const files = 1500;

function documentCount(dbFile: string): number {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('quarry ingest after SIGKILL', () => {
  it('resumes on the next start and ends with every document exactly once', async () => {
    const data = tempDir();
    const docs = tempDir();
    for (let i = 0; i < files; i++) {
      writeFileSync(
        join(docs, `report-${String(i).padStart(4, '0')}.md`),
        `# Report ${i}\n\n${`Measurement ${i} of the boundary layer over a flat plate. `.repeat(60)}\n`,
      );
    }
    const dbFile = join(data, 'library.sqlite');
    const child = spawn(process.execPath, [cli, 'ingest', docs, '--data-dir', data, '--json'], { stdio: 'ignore' });
    let killedAt = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const count = documentCount(dbFile);
        if (count > 0) {
          child.kill('SIGKILL');
          killedAt = count;
          clearInterval(timer);
        }
      }, 15);
      child.on('exit', () => {
        clearInterval(timer);
        resolve();
      });
      child.on('error', reject);
    });
    expect(killedAt).toBeGreaterThan(0);
    expect(documentCount(dbFile)).toBeLessThan(files);

    const rerun = spawnSync(process.execPath, [cli, 'ingest', docs, '--data-dir', data, '--json'], { encoding: 'utf8' });
    expect(rerun.status, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { failed: unknown[] };
    expect(summary.failed).toEqual([]);

    const db = new Database(dbFile, { readonly: true });
    try {
      const docsRow = db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT path) AS paths FROM documents').get() as {
        n: number;
        paths: number;
      };
      expect(docsRow).toEqual({ n: files, paths: files });
      const mismatched = db
        .prepare('SELECT COUNT(*) AS n FROM documents d WHERE d.chunk_count != (SELECT COUNT(*) FROM chunks c WHERE c.document_id = d.id)')
        .get() as { n: number };
      expect(mismatched.n).toBe(0);
      const chunks = (db.prepare('SELECT COUNT(*) AS n FROM chunks').get() as { n: number }).n;
      expect((db.prepare('SELECT COUNT(*) AS n FROM chunks_fts').get() as { n: number }).n).toBe(chunks);
      expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
      const jobs = db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status NOT IN ('done')").get() as { n: number };
      expect(jobs.n).toBe(0);
    } finally {
      db.close();
    }

    const stats = spawnSync(process.execPath, [cli, 'stats', '--json', '--data-dir', data], { encoding: 'utf8' });
    expect(JSON.parse(stats.stdout)).toMatchObject({ documents: files, integrity: 'ok' });
  }, 120_000);
});
