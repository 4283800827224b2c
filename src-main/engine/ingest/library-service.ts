import { statSync } from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import type { LibraryLocation } from '../../../src-shared/schemas/location';
import type { CallOutput, ParsedInput } from '../../../src-shared/contract';
import type { AuditLog } from '../audit/audit-log';
import type { VectorIndex } from '../embedding/types';
import type { Db } from '../store/database';
import type { JobFilesRepository } from '../store/job-files-repository';
import type { LibraryRepository } from '../store/library-repository';
import { findPassage } from '../store/passage-lookup';
import type { IngestQueue } from './ingest-queue';

/** Files, ingestion jobs, documents, passages and collections. */
export interface LibraryApi {
  /** Queues files and folders for ingestion; returns the job id at once (progress comes as events). */
  ingest(request: ParsedInput<'library.ingest'>): Promise<CallOutput<'library.ingest'>>;
  job(jobId: string): CallOutput<'library.job'>;
  /** Each file of a job with its status. */
  jobFiles(jobId: string): CallOutput<'library.jobFiles'>;
  jobs(limit: number): CallOutput<'library.jobs'>;
  /** Resolves when the job stops (done, failed, cancelled or interrupted by close). */
  waitForJob(jobId: string): Promise<CallOutput<'library.job'>>;
  cancelJob(jobId: string): boolean;
  /** Re-queues jobs a crash interrupted; returns their ids. */
  resumeJobs(): string[];
  documents(filter: ParsedInput<'library.documents'>): CallOutput<'library.documents'>;
  /** Removes documents by id or path with every chunk, keyword row and vector. */
  remove(ref: string): CallOutput<'library.remove'>;
  stats(): CallOutput<'library.stats'>;
  passage(request: ParsedInput<'library.passage'>): CallOutput<'library.passage'>;
  /** The full text of one document (for MCP resources and exports). */
  documentText(documentId: number): string;
  collections(): CallOutput<'library.collections'>;
  /** Marks a collection private (never sent to remote models). */
  setCollectionPrivate(name: string, isPrivate: boolean): CallOutput<'library.setCollectionPrivate'>;
  readonly location: LibraryLocation;
}

export interface LibraryServiceDeps {
  readonly db: Db;
  readonly location: LibraryLocation;
  readonly library: LibraryRepository;
  readonly jobFiles: JobFilesRepository;
  readonly queue: IngestQueue;
  readonly vectorIndex: VectorIndex;
  readonly audit: AuditLog;
}

/** The library as hosts see it: ingestion jobs, documents, passages, collections; removals and privacy audited. */
export function createLibraryService(deps: LibraryServiceDeps): LibraryApi {
  const { db, library, queue, audit, vectorIndex } = deps;
  const integrity = db.prepare<[], string>('PRAGMA integrity_check').pluck();
  return {
    location: deps.location,
    async ingest(request) {
      return { jobId: await queue.enqueue(request.paths, request.collection, request.force) };
    },
    job: queue.progress,
    jobFiles(jobId) {
      queue.progress(jobId); // not-found for an unknown job, like `job`
      return deps.jobFiles.list(jobId);
    },
    jobs: queue.list,
    waitForJob: queue.wait,
    cancelJob: queue.cancel,
    resumeJobs: queue.resumeUnfinished,
    documents: (filter) => library.listDocuments(filter),
    remove(ref) {
      const found = library.findDocuments(ref);
      if (found.length === 0) throw new AppError('not-found', `No document matches "${ref}".`);
      db.transaction(() => {
        for (const doc of found) library.deleteDocumentRows(doc.id, (ids) => vectorIndex.remove(db, ids));
      })();
      audit.record({ action: 'library.delete', target: ref, details: { paths: found.map((doc) => doc.path) } });
      return { removed: found.length, paths: found.map((doc) => doc.path) };
    },
    stats() {
      const problems = integrity.all();
      const bytes = ['', '-wal'].reduce((sum, suffix) => {
        try {
          return sum + statSync(deps.location.libraryFile + suffix).size;
        } catch {
          return sum;
        }
      }, 0);
      return {
        ...library.counts(),
        dbBytes: bytes,
        integrity: problems.length === 1 && problems[0] === 'ok' ? 'ok' : problems.join('; '),
        embedder: vectorIndex.activeEmbedderId() ?? 'none yet',
      };
    },
    passage: (request) => findPassage(library, request),
    documentText(documentId) {
      const text = library.documentText(documentId);
      if (text === null) throw new AppError('not-found', `No document ${documentId}: it may have been removed.`);
      return text;
    },
    collections: () => library.collections(),
    setCollectionPrivate(name, isPrivate) {
      const result = library.setCollectionPrivate(name, isPrivate);
      audit.record({ action: 'settings.collection-private', target: name, details: { private: isPrivate } });
      return result;
    },
  };
}
