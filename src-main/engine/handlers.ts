import { join } from 'node:path';
import type { Handlers } from '../../src-shared/contract';
import type { Engine } from './index';
import { createProviderHandlers } from './providers/provider-handlers';
import { createMonitorHandlers } from './monitor/monitor-handlers';
import { createModelHandlers } from './providers/model-handlers';

/** Binds every contract channel to the engine; a channel without a handler does not compile. */
export function createHandlers(engine: Engine): Handlers {
  return {
    'library.ingest': (input) => engine.ingest(input),
    'library.cancelJob': async ({ jobId }) => ({ cancelled: engine.cancelJob(jobId) }),
    'library.job': async ({ jobId }) => engine.job(jobId),
    'library.jobFiles': async ({ jobId }) => engine.jobFiles(jobId),
    'library.location': async () => ({
      dataDir: engine.dataDir,
      libraryFile: engine.file,
      logsDir: join(engine.dataDir, 'logs'),
      backupsDir: join(engine.dataDir, 'backups'),
    }),
    'library.jobs': async ({ limit }) => engine.jobs(limit),
    'library.documents': async (filter) => engine.documents(filter),
    'library.remove': async ({ ref }) => engine.removeDocument(ref),
    'library.stats': async () => engine.stats(),
    'library.passage': async (input) => engine.passage(input),
    'library.collections': async () => engine.collections(),
    'library.setCollectionPrivate': async (input) => engine.setCollectionPrivate(input.name, input.private),
    'search.query': (input) => engine.search(input),
    'answer.ask': async (input) => {
      const started = engine.ask(input);
      return { answerId: started.answerId, conversationId: started.conversationId };
    },
    'answer.cancel': async ({ answerId }) => ({ cancelled: engine.cancelAnswer(answerId) }),
    ...createMonitorHandlers(engine.monitor),
    'answer.feedback': async (input) => engine.feedback.set(input),
    'conversations.list': async ({ limit }) => engine.conversations.list(limit),
    'conversations.get': async ({ conversationId }) => engine.conversations.get(conversationId),
    'cache.stats': async () => engine.cacheStats(),
    'cache.clear': async () => engine.clearCache(),
    'maintenance.run': (input) => engine.maintenance(input),
    ...createProviderHandlers({
      providers: engine.providers,
      settings: engine.settings,
      answerHistory: engine.answerHistory,
      switchEmbedder: engine.switchEmbedder,
    }),
    ...createModelHandlers(engine.models),
  };
}
