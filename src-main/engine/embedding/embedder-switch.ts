import type { Logger } from 'pino';
import { AppError } from '../../../src-shared/errors';
import type { CollectionSummary } from '../../../src-shared/schemas/library';
import type { EmbedderSwitchProgress, ProviderSettings } from '../../../src-shared/schemas/providers';
import type { LibraryVectorIndex } from './vector-index';
import type { EmbedderRow } from '../store/embedders-repository';
import type { Embedder } from './embedder';
import { parseEmbedderSpec, ProviderEmbedder } from './provider-embedder';
import type { ProviderRegistry } from '../providers/provider-registry';

export interface EmbedderSwitchDeps {
  readonly registry: ProviderRegistry;
  readonly settings: () => ProviderSettings;
  readonly collections: () => CollectionSummary[];
  readonly vectorIndex: () => LibraryVectorIndex;
  readonly logger: Logger;
}

/** Why the library's text may not go to a remote embedder now; null when it may. */
function remoteEmbeddingBlock(settings: ProviderSettings, collections: readonly CollectionSummary[]): string | null {
  if (settings.offline) return 'offline mode is on';
  if (settings.libraryPrivate) return 'the library is private';
  const privateOnes = collections.filter((c) => c.private).map((c) => `'${c.name}'`);
  if (privateOnes.length > 0) return `collection ${privateOnes.join(', ')} is private and embedding sends every passage`;
  return null;
}

/**
 * Switching the library's embedder, and making Ollama / OpenAI embedders from their stored rows for
 * the vector index. A remote embedder sees every passage, so it is refused while anything is private.
 */
export function createEmbedderSwitch(deps: EmbedderSwitchDeps) {
  function provider(id: 'ollama' | 'openai') {
    if (id === 'openai') {
      const block = remoteEmbeddingBlock(deps.settings(), deps.collections());
      if (block) throw new AppError('privacy-blocked', `OpenAI embeddings cannot be used: ${block}.`);
    }
    return deps.registry.provider(id);
  }

  function batchSize(id: 'ollama' | 'openai'): number {
    const settings = deps.settings();
    return id === 'ollama' ? settings.ollama.embedBatchSize : settings.openai.embedBatchSize;
  }

  return {
    /** The vector index's resolver for rows it cannot load itself; null while the provider is not allowed. */
    resolve(row: EmbedderRow): Embedder | null {
      const spec = parseEmbedderSpec(row.id);
      if (!spec) return null;
      try {
        return new ProviderEmbedder(provider(spec.provider), { ...spec, dimensions: row.dimensions }, batchSize(spec.provider), () =>
          provider(spec.provider),
        );
      } catch (error) {
        deps.logger.warn({ err: error, embedder: row.id }, 'embedder not usable now; dense search is off');
        return null;
      }
    },

    /** Starts building the new index in the background; progress arrives as `embedder.switch` events. */
    async start(spec: string): Promise<EmbedderSwitchProgress> {
      const index = deps.vectorIndex();
      if (spec.trim() === 'builtin') {
        const pending = index.switchTo(null);
        pending.catch((error: unknown) => deps.logger.error({ err: error }, 'built-in embedder switch failed'));
        return { embedderId: 'builtin', state: 'building', done: 0, total: 0, error: null };
      }
      const parsed = parseEmbedderSpec(spec);
      if (!parsed) throw new AppError('validation', `"${spec}" is not an embedder: use builtin, ollama:MODEL or openai:MODEL.`);
      const embedder = await ProviderEmbedder.connect(provider(parsed.provider), parsed.model, batchSize(parsed.provider), () =>
        provider(parsed.provider),
      );
      const pending = index.switchTo(embedder, { kind: parsed.provider, model: Buffer.from(JSON.stringify(embedder.spec)) });
      pending.catch((error: unknown) => deps.logger.error({ err: error, embedder: embedder.id }, 'embedder switch failed'));
      return { embedderId: embedder.id, state: 'building', done: 0, total: 0, error: null };
    },
  };
}
