import type { Db } from './database';
import type { FileFailure, FileWarning, JobStatus } from '../../../src-shared/schemas/library';

export type FileStatus = 'pending' | 'done' | 'skipped' | 'failed';

export interface JobRow {
  readonly id: string;
  readonly status: JobStatus;
  readonly collection: string;
  readonly request: string;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

export interface JobFileRow {
  readonly path: string;
  readonly bytes: number;
  readonly status: FileStatus;
  readonly chunks: number;
}

export interface JobTotals {
  readonly filesTotal: number;
  readonly filesDone: number;
  readonly documents: number;
  readonly chunks: number;
  readonly skipped: number;
  readonly bytesTotal: number;
  readonly bytesDone: number;
  readonly failed: FileFailure[];
  readonly warned: FileWarning[];
}

export interface JobsRepository {
  create(
    id: string,
    collection: string,
    request: unknown,
    files: readonly {
      path: string;
      bytes: number;
    }[],
  ): void;
  get(id: string): JobRow | undefined;
  list(limit: number): JobRow[];
  /** Jobs a crash or shutdown interrupted, oldest first. */
  unfinished(): JobRow[];
  setStatus(id: string, status: JobStatus, error?: string): void;
  pendingFiles(id: string): JobFileRow[];
  /** Marks one file finished; call inside the transaction that wrote (or skipped) its document. */
  finishFile(
    id: string,
    path: string,
    status: Exclude<FileStatus, 'pending'>,
    chunks: number,
    error?: {
      code: string;
      message: string;
    },
  ): void;
  /** Records what a file indexed only in part lacks; call in the transaction that wrote it. */
  warnFile(id: string, path: string, warning: string): void;
  totals(id: string): JobTotals;
}

/** The durable ingestion queue: a job and one row per file, so a restarted process resumes exactly. */
export function createJobsRepository(db: Db): JobsRepository {
  const insertJob = db.prepare('INSERT INTO jobs (id, kind, status, collection, request, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertFile = db.prepare("INSERT OR IGNORE INTO job_files (job_id, path, bytes, status) VALUES (?, ?, ?, 'pending')");
  const selectJob = db.prepare<
    [string],
    {
      id: string;
      status: JobStatus;
      collection: string;
      request: string;
      created_at: number;
      started_at: number | null;
      finished_at: number | null;
    }
  >('SELECT id, status, collection, request, created_at, started_at, finished_at FROM jobs WHERE id = ?');

  function toJob(row: {
    id: string;
    status: JobStatus;
    collection: string;
    request: string;
    created_at: number;
    started_at: number | null;
    finished_at: number | null;
  }): JobRow {
    return {
      id: row.id,
      status: row.status,
      collection: row.collection,
      request: row.request,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  }

  return {
    create(id: string, collection: string, request: unknown, files: readonly { path: string; bytes: number }[]): void {
      db.transaction(() => {
        insertJob.run(id, 'ingest', 'queued', collection, JSON.stringify(request), Date.now());
        for (const file of files) insertFile.run(id, file.path, file.bytes);
      })();
    },
    get(id: string): JobRow | undefined {
      const row = selectJob.get(id);
      return row ? toJob(row) : undefined;
    },
    list(limit: number): JobRow[] {
      return db
        .prepare<[number], Parameters<typeof toJob>[0]>(
          'SELECT id, status, collection, request, created_at, started_at, finished_at FROM jobs ORDER BY created_at DESC LIMIT ?',
        )
        .all(limit)
        .map(toJob);
    },
    /** Jobs a crash or shutdown interrupted, oldest first. */
    unfinished(): JobRow[] {
      return db
        .prepare<[], Parameters<typeof toJob>[0]>(
          "SELECT id, status, collection, request, created_at, started_at, finished_at FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at",
        )
        .all()
        .map(toJob);
    },
    setStatus(id: string, status: JobStatus, error?: string): void {
      const now = Date.now();
      db.prepare(
        `UPDATE jobs SET status = ?, error = ?,
          started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
          finished_at = CASE WHEN ? IN ('done', 'cancelled', 'failed') THEN ? ELSE finished_at END
         WHERE id = ?`,
      ).run(status, error ?? null, status, now, status, now, id);
    },
    pendingFiles(id: string): JobFileRow[] {
      return db
        .prepare<[string], JobFileRow>(
          "SELECT path, bytes, status, chunks FROM job_files WHERE job_id = ? AND status = 'pending' ORDER BY rowid",
        )
        .all(id);
    },
    /** Marks one file finished; call inside the transaction that wrote (or skipped) its document. */
    finishFile(
      id: string,
      path: string,
      status: Exclude<FileStatus, 'pending'>,
      chunks: number,
      error?: { code: string; message: string },
    ): void {
      db.prepare('UPDATE job_files SET status = ?, chunks = ?, error_code = ?, error = ? WHERE job_id = ? AND path = ?').run(
        status,
        chunks,
        error?.code ?? null,
        error?.message ?? null,
        id,
        path,
      );
    },
    /** Records what a file indexed only in part lacks; call in the transaction that wrote it. */
    warnFile(id: string, path: string, warning: string): void {
      db.prepare('UPDATE job_files SET warning = ? WHERE job_id = ? AND path = ?').run(warning, id, path);
    },
    totals(id: string): JobTotals {
      const row = db
        .prepare<
          [string],
          {
            files_total: number;
            files_done: number;
            documents: number;
            chunks: number;
            skipped: number;
            bytes_total: number;
            bytes_done: number;
          }
        >(
          `SELECT COUNT(*) AS files_total,
             SUM(status != 'pending') AS files_done,
             SUM(status = 'done') AS documents,
             COALESCE(SUM(chunks), 0) AS chunks,
             SUM(status = 'skipped') AS skipped,
             COALESCE(SUM(bytes), 0) AS bytes_total,
             COALESCE(SUM(CASE WHEN status != 'pending' THEN bytes ELSE 0 END), 0) AS bytes_done
           FROM job_files WHERE job_id = ?`,
        )
        .get(id)!;
      const failed = db
        .prepare<[string], { path: string; code: string; error: string }>(
          "SELECT path, error_code AS code, error FROM job_files WHERE job_id = ? AND status = 'failed' ORDER BY rowid",
        )
        .all(id);
      const warned = db
        .prepare<[string], { path: string; warning: string }>(
          "SELECT path, warning FROM job_files WHERE job_id = ? AND status = 'done' AND warning IS NOT NULL ORDER BY rowid",
        )
        .all(id);
      return {
        filesTotal: row.files_total,
        filesDone: row.files_done ?? 0,
        documents: row.documents ?? 0,
        chunks: row.chunks,
        skipped: row.skipped ?? 0,
        bytesTotal: row.bytes_total,
        bytesDone: row.bytes_done,
        failed,
        warned,
      };
    },
  };
}
