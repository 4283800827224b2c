import { AppError } from '../../src-shared/errors';
import type { Handlers } from '../../src-shared/contract';
import type { Engine } from './engine';
import { createMonitorHandlers } from './monitor/monitor-handlers';
import { createModelHandlers } from './providers/model-handlers';

/** Binds every contract channel to the engine; a channel without a handler does not compile. */
export function createHandlers(engine: Engine): Handlers {
  const { library, answers, providers, settings } = engine;
  return {
    'library.ingest': (input) => library.ingest(input),
    'library.cancelJob': async ({ jobId }) => ({ cancelled: library.cancelJob(jobId) }),
    'library.job': async ({ jobId }) => library.job(jobId),
    'library.jobFiles': async ({ jobId }) => library.jobFiles(jobId),
    'library.location': async () => library.location,
    'library.jobs': async ({ limit }) => library.jobs(limit),
    'library.documents': async (filter) => library.documents(filter),
    'library.remove': async ({ ref }) => library.remove(ref),
    'library.stats': async () => library.stats(),
    'library.passage': async (input) => library.passage(input),
    'library.collections': async () => library.collections(),
    'library.setCollectionPrivate': async (input) => library.setCollectionPrivate(input.name, input.private),
    'search.query': (input) => engine.search.query(input),
    'answer.ask': async (input) => {
      const started = answers.ask(input);
      return { answerId: started.answerId, conversationId: started.conversationId };
    },
    'answer.cancel': async ({ answerId }) => ({ cancelled: answers.cancel(answerId) }),
    ...createMonitorHandlers(engine.monitor),
    'answer.feedback': async (input) => answers.setFeedback(input),
    'conversations.list': async ({ limit }) => answers.conversations(limit),
    'conversations.get': async ({ conversationId }) => answers.conversation(conversationId),
    'cache.stats': async () => engine.cache.stats(),
    'cache.clear': async () => engine.cache.clear(),
    'maintenance.run': (input) => engine.maintenance.run(input),
    'providers.status': () => providers.status(),
    'providers.test': ({ provider }) => providers.testConnection(provider),
    'providers.models': ({ provider }) => providers.listModels(provider),
    'settings.get': async ({ key }) => settings.get(key),
    'settings.set': async ({ key, value }) => settings.set(key, value),
    'answer.history': async ({ answerId }) => {
      const found = answers.history(answerId);
      if (!found) throw new AppError('not-found', `No stored answer ${answerId}.`);
      return found;
    },
    'embedder.switch': ({ embedder }) => providers.switchEmbedder(embedder),
    ...createModelHandlers(engine.models),
  };
}
