import { join } from 'node:path';
import type { Logger } from 'pino';
import { AskRequest } from '../../src-shared/schemas/answer';
import type { LibraryLocation } from '../../src-shared/schemas/location';
import type { Engine } from './engine';
import { createEngineEvents, type EngineEvents } from './events';
import { createFileLogger } from './logger';
import { openDatabase } from './store/database';
import { createLibraryRepository } from './store/library-repository';
import { createJobsRepository } from './store/jobs-repository';
import { createJobFilesRepository } from './store/job-files-repository';
import { createFeedbackRepository } from './store/feedback-repository';
import { createConversationsRepository } from './store/conversations-repository';
import { createConversationReader } from './store/conversation-reader';
import { createAuditLog } from './audit/audit-log';
import { createSettingsRepository } from './settings/settings-repository';
import { createProviderRegistry, type ProviderEnvironment, type ProviderRegistryDeps } from './providers/provider-registry';
import { createEmbeddingCache, createCachingEmbedder } from './embedding/embedding-cache';
import { createEmbedderSwitch, createProviderEmbedders } from './embedding/embedder-switch';
import { createVectorIndex } from './embedding/vector-index';
import { createIngestQueue } from './ingest/ingest-queue';
import { createLibraryService } from './ingest/library-service';
import { defaultChunkOptions, defaultReadLimits, type ChunkOptions, type ReadLimits } from './ingest/types';
import { calibrateAndStore } from './retrieve/library-calibration';
import { createSearcher } from './retrieve/searcher';
import { createSearchService } from './retrieve/search-service';
import { createEngineCache } from './cache/engine-cache';
import type { AnswerCacheSettings } from './cache/cache-options';
import { createModelPulls } from './providers/model-pulls';
import { createAnswerService } from './answer/answer-service';
import { loadPromptTemplates, type PromptTemplates } from './answer/prompts';
import { libraryTermStatistics } from './answer/term-statistics';
import { createDocumentSource } from './answer/document-source';
import { createMonitor, type MonitorOptions } from './monitor/monitor';
import { runMaintenance } from './maintenance/run-maintenance';

export type { Engine } from './engine';

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
  /** The event bus to use (a host or test that must emit on it passes its own); a new one otherwise. */
  readonly events?: EngineEvents;
}

/** Where a library's files live inside its data folder. */
export function libraryLocation(dataDir: string): LibraryLocation {
  return {
    dataDir,
    libraryFile: join(dataDir, 'library.sqlite'),
    logsDir: join(dataDir, 'logs'),
    backupsDir: join(dataDir, 'backups'),
  };
}

/**
 * Builds the whole engine from values, layer by layer from the bottom (docs/architecture.md): each part
 * is made from parts already made. No globals, no Electron; every host talks to the `Engine` it returns.
 */
export function createEngine(options: EngineOptions): Engine {
  // Platform: the library file, the event bus, the log.
  const location = libraryLocation(options.dataDir);
  const logger = options.logger ?? createFileLogger(location.dataDir);
  const db = openDatabase(location.libraryFile);
  const events = options.events ?? createEngineEvents();
  const library = createLibraryRepository(db);
  const jobs = createJobsRepository(db);

  // Audit and settings.
  const audit = createAuditLog(db, { onRecord: (action) => events.emit('audit.recorded', { action }) });
  const settings = createSettingsRepository(db, audit);

  // Models.
  const registry = createProviderRegistry({
    settings: settings.read,
    environment: options.environment ?? {},
    events,
    logger,
    audit,
    ...(options.resilience ? { resilience: options.resilience } : {}),
  });

  // Embedding: embedders, their cache, the vector index and switching between embedders.
  const embeddingCache = createEmbeddingCache(db);
  const embedders = createProviderEmbedders({ registry, settings: settings.read, collections: library.collections, logger });
  const vectorIndex = createVectorIndex(
    db,
    {},
    {
      resolve: embedders.resolve,
      onProgress: (progress) => events.emit('embedder.switch', progress),
      wrap: (embedder) => createCachingEmbedder(embedder, embeddingCache),
    },
    // Retrieval is calibrated on a new index before it goes live (retrieve sits above embedding).
    { beforeActivate: async (embedder, sample) => void (await calibrateAndStore(db, embedder, sample)) },
  );
  const embedderSwitch = createEmbedderSwitch({ embedders, vectorIndex, logger });

  // Library and retrieval.
  const readLimits: ReadLimits = { ...defaultReadLimits, ...options.readLimits };
  const chunkOptions: ChunkOptions = { ...defaultChunkOptions, ...options.chunkOptions };
  const queue = createIngestQueue({
    db,
    library,
    jobs,
    vectorIndex,
    events,
    logger,
    readLimits: () => readLimits,
    chunkOptions: () => chunkOptions,
  });
  const libraryService = createLibraryService({ db, location, library, jobFiles: createJobFilesRepository(db), queue, vectorIndex, audit });
  const search = createSearchService({ searcher: createSearcher({ db, vectorIndex }), vectorIndex, events, logger });

  // Caches.
  const cache = createEngineCache({
    db,
    logger,
    ...(options.cache ? { settings: options.cache } : {}),
    embedQuestion: async (question) => (await vectorIndex.activeModel()?.embed([question], { kind: 'query' }))?.[0] ?? null,
  });

  // Answers.
  const conversations = createConversationsRepository(db);
  const conversationReader = createConversationReader(db);
  const feedback = createFeedbackRepository(db);
  const privacy = db.prepare<[], { name: string; private: number }>('SELECT name, private FROM collections');
  let templates: PromptTemplates | null = null;
  const answers = createAnswerService({
    search: cache.memoizedSearch(search.retrieve),
    events,
    logger,
    // Only names and privacy flags: the library's collection summary counts documents, which is slow.
    collections: () => privacy.all().map((row) => ({ name: row.name, private: row.private === 1 })),
    conversations,
    settings: settings.read,
    registry,
    // Read on first use, so a missing template is an answer's error, not the engine's.
    templates: () => (templates ??= loadPromptTemplates(options.promptsDir)),
    cache: cache.answers,
    // Term rarity from the library's own keyword index, and its documents for whole-document questions.
    termStatistics: () => libraryTermStatistics(db),
    documentSource: createDocumentSource(db),
  });

  // Local models: downloads through Ollama as long jobs.
  const models = createModelPulls({ registry, events, logger, platform: options.platform ?? process.platform });

  // Monitoring: metrics from the events, alerts, dashboards.
  const monitor = createMonitor({
    db,
    file: location.libraryFile,
    events,
    logger,
    audit,
    counts: () => library.counts(),
    cacheStats: () => cache.answers.stats(),
    options: options.monitor ?? { sample: options.resumeJobs ?? true },
  });

  if (options.resumeJobs ?? true) queue.resumeUnfinished();

  return {
    library: libraryService,
    search: { query: search.query },
    answers: {
      ask: answers.ask,
      cancel: answers.cancel,
      history: answers.history,
      setFeedback: feedback.set,
      feedback: feedback.get,
      conversations: conversationReader.list,
      conversation: conversationReader.get,
    },
    cache: {
      stats: cache.answers.stats,
      clear() {
        const result = cache.answers.clear();
        audit.record({ action: 'cache.clear', details: { ...result } });
        return result;
      },
      frequentQuestions: cache.frequentQuestions,
      warm: (questions, onProgress, signal) =>
        cache.warm(questions, (question) => answers.ask(AskRequest.parse(question)).done, onProgress, signal),
    },
    maintenance: {
      run: (request) =>
        runMaintenance(
          {
            db,
            dataDir: location.dataDir,
            answerCache: cache.answers,
            embeddingCache,
            retrievalMemo: cache.retrieval,
            logger,
            audit,
          },
          request,
        ),
    },
    providers: {
      status: registry.status,
      testConnection: registry.testConnection,
      listModels: registry.listModels,
      switchEmbedder: embedderSwitch.start,
    },
    settings: { get: settings.get, set: settings.set },
    models: { start: models.start, cancel: models.cancel, progress: models.progress, wait: models.wait, overview: models.overview },
    monitor,
    events: { on: events.on, onAny: events.onAny },
    async close(): Promise<void> {
      models.close();
      await queue.close();
      await monitor.close();
      await cache.close();
      db.close();
    },
  };
}
