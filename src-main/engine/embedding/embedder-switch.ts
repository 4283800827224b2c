import type { Logger } from 'pino';
import { AppError } from '../../../src-shared/errors';
import type { CollectionSummary } from '../../../src-shared/schemas/library';
import type { EmbedderSwitchProgress, ProviderSettings } from '../../../src-shared/schemas/providers';
import type { LibraryVectorIndex } from './vector-index';
import type { EmbedderRow } from '../store/embedders-repository';
import type { Embedder } from './embedder';
import { parseEmbedderSpec, ProviderEmbedder } from './provider-embedder';
import type { ProviderRegistry } from '../providers/provider-registry';

export interface ProviderEmbeddersDeps {
  readonly registry: ProviderRegistry;
  readonly settings: () => ProviderSettings;
  readonly collections: () => CollectionSummary[];
  readonly logger: Logger;
}

/** Ollama / OpenAI embedders made from stored rows (for the vector index) or from a spec (for a switch). */
export interface ProviderEmbedders {
  /** The vector index's resolver for rows it cannot load itself; null while the provider is not allowed. */
  resolve(row: EmbedderRow): Embedder | null;
  /** Connects to a provider's embedding model, learning its dimensions. */
  connect(spec: { provider: 'ollama' | 'openai'; model: string }): Promise<ProviderEmbedder>;
}

export interface EmbedderSwitch {
  /** Starts building the new index in the background; progress arrives as `embedder.switch` events. */
  start(spec: string): Promise<EmbedderSwitchProgress>;
}

/** Why the library's text may not go to a remote embedder now; null when it may. */
function remoteEmbeddingBlock(settings: ProviderSettings, collections: readonly CollectionSummary[]): string | null {
  if (settings.offline) return 'offline mode is on';
  if (settings.libraryPrivate) return 'the library is private';
  const privateOnes = collections.filter((c) => c.private).map((c) => `'${c.name}'`);
  if (privateOnes.length > 0) return `collection ${privateOnes.join(', ')} is private and embedding sends every passage`;
  return null;
}

/** A remote embedder sees every passage, so it is refused while anything is private. */
export function createProviderEmbedders(deps: ProviderEmbeddersDeps): ProviderEmbedders {
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
    connect: (spec) =>
      ProviderEmbedder.connect(provider(spec.provider), spec.model, batchSize(spec.provider), () => provider(spec.provider)),
  };
}

/** Switching the library's embedder: the new index is built beside the old one, then swapped. */
export function createEmbedderSwitch(deps: {
  embedders: ProviderEmbedders;
  vectorIndex: LibraryVectorIndex;
  logger: Logger;
}): EmbedderSwitch {
  return {
    async start(spec: string): Promise<EmbedderSwitchProgress> {
      const index = deps.vectorIndex;
      if (spec.trim() === 'builtin') {
        const pending = index.switchTo(null);
        pending.catch((error: unknown) => deps.logger.error({ err: error }, 'built-in embedder switch failed'));
        return { embedderId: 'builtin', state: 'building', done: 0, total: 0, error: null };
      }
      const parsed = parseEmbedderSpec(spec);
      if (!parsed) throw new AppError('validation', `"${spec}" is not an embedder: use builtin, ollama:MODEL or openai:MODEL.`);
      const embedder = await deps.embedders.connect(parsed);
      const pending = index.switchTo(embedder, { kind: parsed.provider, model: Buffer.from(JSON.stringify(embedder.spec)) });
      pending.catch((error: unknown) => deps.logger.error({ err: error, embedder: embedder.id }, 'embedder switch failed'));
      return { embedderId: embedder.id, state: 'building', done: 0, total: 0, error: null };
    },
  };
}
