import type { Logger } from 'pino';
import type { z } from 'zod';
import type { CollectionSummary } from '../../../src-shared/schemas/library';
import type { SearchRequest, SearchResult } from '../../../src-shared/schemas/search';
import type { EngineEvents } from '../events';
import { createProviderRegistry, type ProviderEnvironment, type ProviderRegistryDeps } from '../providers/provider-registry';
import type { Db } from '../store/database';
import { createConversationsRepository } from '../store/conversations-repository';
import { createSettingsRepository } from '../store/settings-repository';
import { createAnswerService } from './answer-service';
import type { AnswerCache } from '../cache/answer-cache';
import { createEmbedderSwitch } from '../embedding/embedder-switch';
import type { LibraryVectorIndex } from '../embedding/vector-index';
import { loadPromptTemplates, type PromptTemplates } from './prompts';

export interface AnsweringOptions {
  readonly db: Db;
  readonly events: EngineEvents;
  readonly logger: Logger;
  readonly search: (request: z.output<typeof SearchRequest>) => Promise<SearchResult>;
  readonly collections: () => CollectionSummary[];
  readonly promptsDir?: string | undefined;
  readonly environment?: ProviderEnvironment | undefined;
  readonly resilience?: ProviderRegistryDeps['resilience'];
  readonly cache?: AnswerCache | undefined;
  readonly vectorIndex: () => LibraryVectorIndex;
}

/** Settings, providers, router, conversations and the answer service, wired for `createEngine`. */
export function createAnswering(options: AnsweringOptions) {
  const settings = createSettingsRepository(options.db);
  const conversations = createConversationsRepository(options.db);
  const privacy = options.db.prepare<[], { name: string; private: number }>('SELECT name, private FROM collections');
  const registry = createProviderRegistry({
    settings: settings.read,
    environment: options.environment ?? {},
    events: options.events,
    logger: options.logger,
    ...(options.resilience ? { resilience: options.resilience } : {}),
  });
  let templates: PromptTemplates | null = null;
  const answers = createAnswerService({
    search: options.search,
    events: options.events,
    logger: options.logger,
    // Only names and privacy flags: the library's collection summary counts documents, which is slow.
    collections: () => privacy.all().map((row) => ({ name: row.name, private: row.private === 1 })),
    conversations,
    settings: settings.read,
    registry,
    // Read on first use, so a missing template is an answer's error, not the engine's.
    templates: () => (templates ??= loadPromptTemplates(options.promptsDir)),
    ...(options.cache ? { cache: options.cache } : {}),
  });
  const embedders = createEmbedderSwitch({
    registry,
    settings: settings.read,
    collections: options.collections,
    vectorIndex: options.vectorIndex,
    logger: options.logger,
  });
  return { settings, conversations, registry, answers, embedders };
}
