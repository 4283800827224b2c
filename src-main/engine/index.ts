import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import {
  DocumentFilter,
  IngestRequest,
  PassageRequest,
  type DocumentSummary,
  type LibraryStats,
  type RemoveResult,
} from '../../src-shared/schemas/library';
import { SearchRequest, type SearchResult } from '../../src-shared/schemas/search';
import { openDatabase, type Db } from './store/database';
import { createLibraryRepository } from './store/library-repository';
import { findPassage } from './store/passage-lookup';
import { createJobsRepository } from './store/jobs-repository';
import { createFeedbackRepository } from './store/feedback-repository';
import { createJobFilesRepository } from './store/job-files-repository';
import { createConversationReader } from './store/conversation-reader';
import { createEngineEvents, type EngineEvents } from './events';
import { createIngestQueue } from './ingest/ingest-queue';
import { defaultChunkOptions, defaultReadLimits, type ChunkOptions, type ReadLimits } from './ingest/types';
import { createAnswering } from './answer/answering';
import type { ProviderEnvironment, ProviderRegistryDeps } from './providers/provider-registry';
import { createVectorIndex } from './retrieve/vector-index';
import { createSearcher } from './retrieve/searcher';
import { createFileLogger } from './logger';
import { createMonitor, type MonitorOptions } from './monitor/monitor';
import { auditedCall, withAuditedChanges } from './monitor/audited-settings';
import { createEngineCache } from './cache/engine-cache';
import type { AnswerCacheSettings } from './cache/cache-options';
import type { WarmProgress, WarmQuestion } from './cache/cache-warmer';
import { createModelPulls } from './providers/model-pulls';

export interface EngineOptions {
  /** Folder holding the library file, logs and caches. */
  readonly dataDir: string;
  /** Folder of prompt templates; defaults to the repository's `prompts/`. */
  readonly promptsDir?: string;
  /** Resume ingestion jobs a crash interrupted (long-lived hosts do; one-shot CLI commands need not). */
  readonly resumeJobs?: boolean;
  readonly readLimits?: Partial<ReadLimits>;
  readonly chunkOptions?: Partial<ChunkOptions>;
  readonly logger?: Logger;
  /** Sampling interval, retention and delivery retries of the monitor; `sample: false` for one-shot commands. */
  readonly monitor?: MonitorOptions;
  /** Answer-cache settings (TTL, bounds, similar questions, team Redis); hosts fill them from settings or env. */
  readonly cache?: AnswerCacheSettings;
  /** OLLAMA_HOST, OPENAI_API_KEY, OPENAI_BASE_URL as the host found them. */
  readonly environment?: ProviderEnvironment;
  /** Retry and breaker tuning for providers (tests shorten the waits). */
  readonly resilience?: ProviderRegistryDeps['resilience'];
  /** The system Ollama runs on, for its install steps; defaults to this process's `process.platform`. */
  readonly platform?: string;
}

/** Builds the whole engine from values: no globals, no Electron. Every host talks to what it returns. */
export function createEngine(options: EngineOptions) {
  const dataDir = options.dataDir;
  const file = join(dataDir, 'library.sqlite');
  const logger = options.logger ?? createFileLogger(dataDir);
  const db: Db = openDatabase(file);
  const events: EngineEvents = createEngineEvents();
  const library = createLibraryRepository(db);
  const jobs = createJobsRepository(db);
  const feedback = createFeedbackRepository(db);
  const jobFiles = createJobFilesRepository(db);
  const conversationReader = createConversationReader(db);
  const readLimits: ReadLimits = { ...defaultReadLimits, ...options.readLimits };
  const chunkOptions: ChunkOptions = { ...defaultChunkOptions, ...options.chunkOptions };
  // Ollama and OpenAI embedders come from the provider settings, made when the index first needs one.
  const vectorIndex = createVectorIndex(
    db,
    {},
    {
      resolve: (row) => answering.embedders.resolve(row),
      onProgress: (progress) => events.emit('embedder.switch', progress),
      wrap: (embedder) => cache.cachingEmbedder(embedder),
    },
  );
  const searcher = createSearcher({ db, vectorIndex });
  const monitor = createMonitor({
    db,
    file,
    events,
    logger,
    counts: () => library.counts(),
    cacheStats: () => cache.stats(),
    options: options.monitor ?? { sample: options.resumeJobs ?? true },
  });
  const ingestQueue = createIngestQueue({
    db,
    library,
    jobs,
    vectorIndex,
    events,
    logger,
    readLimits: () => readLimits,
    chunkOptions: () => chunkOptions,
  });
  const search = async (request: z.output<typeof SearchRequest>): Promise<SearchResult> => {
    if (request.mode !== 'keyword') {
      // A model embedder answers over HTTP; if it cannot, the search goes on with keywords alone.
      await vectorIndex.prepareQuery(request.query).catch((error: unknown) => logger.warn({ err: error }, 'query embedding failed'));
    }
    return searcher.search(request);
  };
  const audit = monitor.audit;
  const cache = createEngineCache({
    db,
    dataDir,
    logger,
    ...(options.cache ? { settings: options.cache } : {}),
    embedQuestion: async (question) => (await vectorIndex.activeModel()?.embed([question], { kind: 'query' }))?.[0] ?? null,
  });
  const answering = createAnswering({
    db,
    events,
    logger,
    search: cache.memoizedSearch(search),
    collections: library.collections,
    promptsDir: options.promptsDir,
    environment: options.environment,
    resilience: options.resilience,
    vectorIndex: () => vectorIndex,
    cache: cache.answers,
  });
  const answers = answering.answers;
  const models = createModelPulls({ registry: answering.registry, events, logger, platform: options.platform ?? process.platform });
  if (options.resumeJobs ?? true) ingestQueue.resumeUnfinished();

  const engine = {
    dataDir,
    file,
    events,
    logger,
    monitor,
    audit,
    /** Queues files and folders for ingestion; returns the job id at once. */
    async ingest(input: IngestRequest): Promise<{ jobId: string }> {
      const request = IngestRequest.parse(input);
      return { jobId: await ingestQueue.enqueue(request.paths, request.collection, request.force) };
    },
    job: ingestQueue.progress,
    /** Each file of a job with its status (not-found for an unknown job, like `job`). */
    jobFiles(jobId: string) {
      ingestQueue.progress(jobId);
      return jobFiles.list(jobId);
    },
    jobs: ingestQueue.list,
    waitForJob: ingestQueue.wait,
    cancelJob: ingestQueue.cancel,
    resumeJobs: ingestQueue.resumeUnfinished,
    documents(filter: DocumentFilter = {}): DocumentSummary[] {
      return library.listDocuments(DocumentFilter.parse(filter));
    },
    /** Removes documents by id or path with every chunk, keyword row and vector. */
    removeDocument(ref: string): RemoveResult {
      const found = library.findDocuments(ref);
      if (found.length === 0) throw new AppError('not-found', `No document matches "${ref}".`);
      db.transaction(() => {
        for (const doc of found) library.deleteDocumentRows(doc.id, (ids) => vectorIndex.remove(db, ids));
      })();
      audit.record({ action: 'library.delete', target: ref, details: { paths: found.map((doc) => doc.path) } });
      return { removed: found.length, paths: found.map((doc) => doc.path) };
    },
    stats(): LibraryStats {
      const counts = library.counts();
      const problems = db.prepare<[], string>('PRAGMA integrity_check').pluck().all();
      const bytes = ['', '-wal'].reduce((sum, suffix) => {
        try {
          return sum + statSync(file + suffix).size;
        } catch {
          return sum;
        }
      }, 0);
      return {
        ...counts,
        dbBytes: bytes,
        integrity: problems.length === 1 && problems[0] === 'ok' ? 'ok' : problems.join('; '),
        embedder: vectorIndex.activeEmbedderId() ?? 'none yet',
      };
    },
    passage(input: z.input<typeof PassageRequest>) {
      return findPassage(library, PassageRequest.parse(input));
    },
    collections: library.collections,
    /** The full text of one document (for MCP resources and exports); `not-found` when it is gone. */
    documentText(documentId: number): string {
      const text = library.documentText(documentId);
      if (text === null) throw new AppError('not-found', `No document ${documentId}: it may have been removed.`);
      return text;
    },
    /** Marks a collection private (never sent to remote models); a privacy setting, so audited. */
    setCollectionPrivate(name: string, isPrivate: boolean) {
      const result = library.setCollectionPrivate(name, isPrivate);
      audit.record({ action: 'settings.collection-private', target: name, details: { private: isPrivate } });
      return result;
    },
    async search(input: SearchRequest): Promise<SearchResult> {
      const result = await search(SearchRequest.parse(input));
      monitor.feed.observeSearch(result.mode, result.hits.length, result.tookMs);
      return result;
    },
    ask: answers.ask,
    /** Thumbs up or down with a comment, stored under the answer's id. */
    feedback,
    /** Stored conversations, newest first, with their questions, answers and feedback. */
    conversations: conversationReader,
    cancelAnswer: answers.cancel,
    cacheStats: cache.stats,
    clearCache: auditedCall(cache.clear, (result) => audit.record({ action: 'cache.clear', details: { ...result } })),
    frequentQuestions: cache.frequentQuestions,
    /** Asks each question once so its answer is cached; already-cached ones cost a lookup. */
    warmCache: (questions: readonly WarmQuestion[], onProgress?: (progress: WarmProgress) => void, signal?: AbortSignal) =>
      cache.warm(questions, (question) => answers.ask(question).done, onProgress, signal),
    maintenance: auditedCall(cache.maintenance, (report) =>
      // A backup is a full copy of the library: an export worth recording.
      audit.record({
        action: report.backup ? 'library.backup' : 'maintenance.run',
        target: report.backup?.path ?? '',
        details: { backupBytes: report.backup?.bytes ?? 0, expiredAnswers: report.expiredAnswers },
      }),
    ),
    answerHistory: answers.history,
    providers: answering.registry,
    /** Provider and router settings; every change is audited (secrets without their value). */
    settings: withAuditedChanges(answering.settings, audit),
    /** Builds the index for another embedder (`builtin`, `ollama:MODEL`, `openai:MODEL`) in the background. */
    switchEmbedder: answering.embedders.start,
    /** Local models through Ollama: what is installed, what to pull, and downloads as long jobs. */
    models,
    /** Stops work (interrupted jobs resume on the next start) and closes the library file. */
    async close(): Promise<void> {
      models.close();
      await ingestQueue.close();
      await monitor.close();
      await cache.close();
      db.close();
    },
  };
  return engine;
}

export type Engine = ReturnType<typeof createEngine>;
