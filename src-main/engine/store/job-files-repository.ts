import type { JobFile } from '../../../src-shared/schemas/job-files';
import type { Db } from './database';

interface JobFileRow {
  path: string;
  bytes: number;
  status: JobFile['status'];
  chunks: number;
  error_code: string | null;
  error: string | null;
  warning: string | null;
}

/** Reads the per-file rows of the durable ingestion queue, for a per-file status list in the UI. */
export interface JobFilesRepository {
  /** Every file of a job in the order it was queued; empty for an unknown job. */
  list(jobId: string): JobFile[];
}

export function createJobFilesRepository(db: Db): JobFilesRepository {
  const select = db.prepare<[string], JobFileRow>(
    'SELECT path, bytes, status, chunks, error_code, error, warning FROM job_files WHERE job_id = ? ORDER BY rowid',
  );
  return {
    list(jobId: string): JobFile[] {
      return select.all(jobId).map((row) => ({
        path: row.path,
        bytes: row.bytes,
        status: row.status,
        chunks: row.chunks,
        code: row.error_code,
        error: row.error,
        warning: row.warning,
      }));
    },
  };
}
