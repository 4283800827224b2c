import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Logger } from 'pino';
import { AppError, toErrorValue } from '../../../src-shared/errors';
import type { JobProgress } from '../../../src-shared/schemas/library';
import type { Db } from '../store/database';
import type { JobsRepository, JobRow } from '../store/jobs-repository';
import type { LibraryRepository, NewDocument } from '../store/library-repository';
import { indexingText } from '../text/indexing-text';
import { textContentHash } from '../text/content-hash';
import type { PreparedVectors, VectorIndex } from '../embedding/types';
import type { EngineEvents } from '../events';
import { chunkDocument } from './chunk';
import { fileTypeOf, readDocument } from './readers';
import { collectFiles } from './collect-files';
import { planReindex, type FreshVersion, type ReindexPlan } from './reindex-plan';
import type { ChunkOptions, ReadLimits } from './types';

export interface IngestQueueDeps {
  readonly db: Db;
  readonly library: LibraryRepository;
  readonly jobs: JobsRepository;
  readonly vectorIndex: VectorIndex;
  readonly events: EngineEvents;
  readonly logger: Logger;
  readonly readLimits: () => ReadLimits;
  readonly chunkOptions: () => ChunkOptions;
  /** Files read and embedded at once; writes stay one transaction per document. */
  readonly concurrency?: number;
}

interface StoredRequest {
  readonly paths: string[];
  readonly collection: string;
  readonly folders: string[];
  readonly force?: boolean;
}

interface RunState {
  readonly controller: AbortController;
  readonly startedAt: number;
  bytesAtStart: number;
  currentFile: string | null;
  lastEmit: number;
}

const progressIntervalMs = 100;

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

export interface IngestQueue {
  /** Records the job and its files durably, then queues it; returns at once with the job id. */
  enqueue(paths: readonly string[], collection: string, force?: boolean): Promise<string>;
  progress: (jobId: string) => JobProgress;
  list(limit: number): JobProgress[];
  cancel(jobId: string): boolean;
  wait(jobId: string): Promise<JobProgress>;
  /** Re-queues jobs that a crash or shutdown interrupted; returns their ids. */
  resumeUnfinished(): string[];
  /** Stops running work without marking it cancelled, so the next start resumes it. */
  close(): Promise<void>;
}

/** The durable ingestion queue: jobs run one at a time, files within a job a few at a time. */
export function createIngestQueue(deps: IngestQueueDeps): IngestQueue {
  const { db, library, jobs, vectorIndex, events, logger } = deps;
  const running = new Map<string, RunState>();
  const waiters = new Map<string, ((progress: JobProgress) => void)[]>();
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  function progressOf(job: JobRow): JobProgress {
    const totals = jobs.totals(job.id);
    const state = running.get(job.id);
    let etaSeconds: number | null = null;
    if (state && totals.bytesDone > state.bytesAtStart) {
      const elapsed = (Date.now() - state.startedAt) / 1000;
      const rate = (totals.bytesDone - state.bytesAtStart) / Math.max(elapsed, 0.001);
      etaSeconds = Math.round((totals.bytesTotal - totals.bytesDone) / rate);
    }
    return {
      jobId: job.id,
      status: job.status,
      collection: job.collection,
      ...totals,
      etaSeconds: job.status === 'running' ? etaSeconds : null,
      currentFile: state?.currentFile ?? null,
      startedAt: job.startedAt ?? job.createdAt,
      finishedAt: job.finishedAt,
    };
  }

  function progress(jobId: string): JobProgress {
    const job = jobs.get(jobId);
    if (!job) throw new AppError('not-found', `No ingestion job ${jobId}.`);
    return progressOf(job);
  }

  function emitProgress(jobId: string, force = false): void {
    const state = running.get(jobId);
    const now = Date.now();
    if (!force && state && now - state.lastEmit < progressIntervalMs) return;
    if (state) state.lastEmit = now;
    events.emit('ingest.progress', progress(jobId));
  }

  /** Reads, chunks and embeds one file, then writes it in one transaction with its job row. */
  async function ingestFile(jobId: string, collectionId: number, path: string, force: boolean, signal: AbortSignal): Promise<void> {
    const limits = deps.readLimits();
    const fileType = fileTypeOf(path);
    if (!fileType)
      throw new AppError('unsupported-file', `${basename(path)} is not a type Quarry reads (PDF, Word, HTML, Markdown, text, CSV, JSON).`);
    const info = await stat(path).catch(() => {
      throw new AppError('not-found', `${basename(path)} no longer exists.`);
    });
    if (info.size > limits.maxFileBytes) {
      throw new AppError(
        'too-large',
        `${basename(path)} is ${Math.round(info.size / 1048576)} MB, above the ${Math.round(limits.maxFileBytes / 1048576)} MB limit set in settings.`,
      );
    }
    const contentHash = await hashFile(path);
    const existing = library.documentByPath(collectionId, path);
    if (!force && existing && existing.content_hash === contentHash) {
      jobs.finishFile(jobId, path, 'skipped', 0);
      return;
    }
    const document = await readDocument(path, limits, signal);
    const chunked = chunkDocument(document, deps.chunkOptions());
    if (chunked.chunks.length === 0) throw new AppError('empty', `${basename(path)} has no text to index.`);
    const fresh = {
      contentHash,
      title: document.title,
      pages: document.pages,
      text: chunked.text,
      chunks: chunked.chunks,
      chunkHashes: chunked.chunks.map((chunk) => textContentHash(indexingText(chunk.headingPath, chunk.text))),
    };
    const plan = planReindex(existing ? storedVersion(existing.id) : null, fresh);
    // Re-reading an unchanged file (also with force) writes nothing: ids, vectors and caches stay valid.
    if (plan.unchanged) {
      jobs.finishFile(jobId, path, 'skipped', 0);
      return;
    }
    const prepared = await vectorIndex.prepare(
      plan.freshIndexes.map((index) => indexingText(chunked.chunks[index]!.headingPath, chunked.chunks[index]!.text)),
      signal,
    );
    signal.throwIfAborted();
    const newDocument: NewDocument = {
      collectionId,
      path,
      fileType: document.fileType,
      title: document.title,
      contentHash,
      bytes: info.size,
      pages: document.pages,
      mtimeMs: Math.round(info.mtimeMs),
      text: chunked.text,
      chunks: chunked.chunks,
    };
    const warning = document.warnings !== undefined && document.warnings.length > 0 ? document.warnings.join(' ') : null;
    writeDocument(jobId, newDocument, warning, existing?.id ?? null, fresh, plan, prepared);
  }

  /**
   * Writes a read document in one transaction with its job row (and the file's warning, if it was
   * indexed only in part): in place over its stored version, or new.
   */
  function writeDocument(
    jobId: string,
    document: NewDocument,
    warning: string | null,
    plannedFor: number | null,
    fresh: FreshVersion,
    plan: ReindexPlan,
    prepared: PreparedVectors | null,
  ): void {
    db.transaction(() => {
      const current = library.documentByPath(document.collectionId, document.path);
      let insertedIds: readonly number[];
      let vectors = prepared;
      if (current) {
        // Planned against another row (the file appeared meanwhile): match again; vectors come later.
        const match = current.id === plannedFor ? plan.match : planReindex(storedVersion(current.id), fresh).match;
        if (match !== plan.match) vectors = null;
        insertedIds = library.replaceDocumentRows(current.id, document, match, (ids) => vectorIndex.remove(db, ids));
      } else {
        insertedIds = library.insertDocumentRows(document).chunkIds;
      }
      vectorIndex.write(db, insertedIds, vectors);
      jobs.finishFile(jobId, document.path, 'done', document.chunks.length);
      if (warning !== null) jobs.warnFile(jobId, document.path, warning);
    })();
  }

  function storedVersion(documentId: number) {
    const summary = library.findDocuments(String(documentId))[0];
    return {
      contentHash: summary?.contentHash ?? '',
      title: summary?.title ?? null,
      pages: summary?.pages ?? null,
      text: library.documentText(documentId),
      chunks: library.storedChunks(documentId),
    };
  }

  /** Removes documents whose files disappeared from a folder that was ingested again. */
  function removeVanished(collectionId: number, folders: readonly string[], present: ReadonlySet<string>): void {
    for (const folder of folders) {
      for (const doc of library.documentsUnder(collectionId, folder)) {
        if (present.has(doc.path)) continue;
        db.transaction(() => library.deleteDocumentRows(doc.id, (ids) => vectorIndex.remove(db, ids)))();
      }
    }
  }

  async function run(jobId: string): Promise<void> {
    const job = jobs.get(jobId);
    const state = running.get(jobId);
    if (!job || !state || closed) return;
    const request = JSON.parse(job.request) as StoredRequest;
    const signal = state.controller.signal;
    try {
      if (signal.aborted) throw signal.reason;
      jobs.setStatus(jobId, 'running');
      state.bytesAtStart = jobs.totals(jobId).bytesDone;
      const collectionId = library.ensureCollection(job.collection);
      const pending = jobs.pendingFiles(jobId);
      emitProgress(jobId, true);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < pending.length && !signal.aborted) {
          const file = pending[next++]!;
          state.currentFile = file.path;
          try {
            await ingestFile(jobId, collectionId, file.path, request.force === true, signal);
          } catch (error) {
            if (signal.aborted) return;
            const value = toErrorValue(error);
            if (value.code === 'internal') logger.error({ err: error, path: file.path }, 'unexpected error while ingesting a file');
            const message =
              value.code === 'internal' ? `${basename(file.path)} could not be read: ${(error as Error).message}` : value.message;
            jobs.finishFile(jobId, file.path, 'failed', 0, { code: value.code, message });
          }
          emitProgress(jobId);
        }
      };
      await Promise.all(Array.from({ length: deps.concurrency ?? 3 }, worker));
      signal.throwIfAborted();
      const present = new Set(db.prepare<[string], string>('SELECT path FROM job_files WHERE job_id = ?').pluck().all(jobId));
      removeVanished(collectionId, request.folders, present);
      state.currentFile = null;
      await vectorIndex.afterIngest(signal);
      jobs.setStatus(jobId, 'done');
    } catch (error) {
      if (signal.aborted) {
        if (!closed) jobs.setStatus(jobId, 'cancelled');
      } else {
        logger.error({ err: error, jobId }, 'ingestion job failed');
        jobs.setStatus(jobId, 'failed', toErrorValue(error).message);
      }
    } finally {
      const final = progress(jobId);
      running.delete(jobId);
      if (!closed) events.emit('ingest.done', final);
      for (const resolve of waiters.get(jobId) ?? []) resolve(final);
      waiters.delete(jobId);
    }
  }

  function schedule(jobId: string): void {
    running.set(jobId, { controller: new AbortController(), startedAt: Date.now(), bytesAtStart: 0, currentFile: null, lastEmit: 0 });
    chain = chain.then(() => run(jobId)).catch((error: unknown) => logger.error({ err: error, jobId }, 'job runner failed'));
  }

  return {
    /** Records the job and its files durably, then queues it; returns at once with the job id. */
    async enqueue(paths: readonly string[], collection: string, force = false): Promise<string> {
      const collected = await collectFiles(paths, (path) => fileTypeOf(path) !== null);
      const jobId = randomUUID();
      const reported = collected.problems.map((problem) => ({ path: problem.path, bytes: 0 }));
      const files = [...collected.files, ...collected.missing.map((path) => ({ path, bytes: 0 })), ...reported];
      jobs.create(jobId, collection, { paths: [...paths], collection, folders: collected.folders, force } satisfies StoredRequest, files);
      for (const problem of collected.problems) {
        jobs.finishFile(jobId, problem.path, 'failed', 0, { code: problem.code, message: problem.message });
      }
      schedule(jobId);
      return jobId;
    },
    progress,
    list(limit: number): JobProgress[] {
      return jobs.list(limit).map(progressOf);
    },
    cancel(jobId: string): boolean {
      const state = running.get(jobId);
      if (!state) return false;
      state.controller.abort(new AppError('cancelled', 'Ingestion was cancelled.'));
      return true;
    },
    wait(jobId: string): Promise<JobProgress> {
      const current = progress(jobId);
      if (!running.has(jobId)) return Promise.resolve(current);
      return new Promise((resolve) => waiters.set(jobId, [...(waiters.get(jobId) ?? []), resolve]));
    },
    /** Re-queues jobs that a crash or shutdown interrupted; returns their ids. */
    resumeUnfinished(): string[] {
      const ids = jobs.unfinished().map((job) => job.id);
      for (const id of ids) if (!running.has(id)) schedule(id);
      return ids;
    },
    /** Stops running work without marking it cancelled, so the next start resumes it. */
    async close(): Promise<void> {
      closed = true;
      for (const state of running.values()) state.controller.abort(new AppError('cancelled', 'Quarry is shutting down.'));
      await chain;
    },
  };
}
