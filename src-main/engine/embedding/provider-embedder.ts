import type { ProviderId } from '../../../src-shared/schemas/providers';
import type { EmbedKind, Embedder } from './embedder';
import type { ResilientProvider } from '../providers/resilience';

/** What an `embedders` row of a provider embedder stores in its `model` column, as JSON. */
export interface ProviderEmbedderSpec {
  readonly provider: ProviderId;
  readonly model: string;
  readonly dimensions: number;
}

export function providerEmbedderId(provider: ProviderId, model: string): string {
  return `${provider}:${model}`;
}

/** Parses `ollama:nomic-embed-text` / `openai:text-embedding-3-small`; null for anything else. */
export function parseEmbedderSpec(spec: string): { provider: ProviderId; model: string } | null {
  const match = /^(ollama|openai):(.+)$/.exec(spec.trim());
  return match ? { provider: match[1] as ProviderId, model: match[2]! } : null;
}

function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

/**
 * An Ollama or OpenAI embedding model as the engine's Embedder: texts go in batches of `batchSize`,
 * one batch at a time (FINDINGS: Ollama stalls under concurrent embedding requests), through the
 * provider's retries and breaker. Vectors are scaled to unit length, as dense search assumes.
 */
export class ProviderEmbedder implements Embedder {
  readonly id: string;

  constructor(
    private readonly provider: ResilientProvider,
    readonly spec: ProviderEmbedderSpec,
    private readonly batchSize: number,
    /** Throws when the provider may not see text now (privacy or settings changed since). */
    private readonly guard: () => void = () => undefined,
  ) {
    this.id = providerEmbedderId(spec.provider, spec.model);
  }

  get dimensions(): number {
    return this.spec.dimensions;
  }

  /** Asks the model for one vector to learn its dimensions. */
  static async connect(
    provider: ResilientProvider,
    model: string,
    batchSize: number,
    guard?: () => void,
    signal?: AbortSignal,
  ): Promise<ProviderEmbedder> {
    const probe = await provider.embed(model, ['dimension probe'], signal);
    return new ProviderEmbedder(provider, { provider: provider.id, model, dimensions: probe.vectors[0]!.length }, batchSize, guard);
  }

  // Ollama and OpenAI embed queries and passages alike; models that need a prefix take it in the model name's template.
  async embed(texts: readonly string[], options: { readonly kind: EmbedKind; readonly signal?: AbortSignal }): Promise<Float32Array[]> {
    this.guard();
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      options.signal?.throwIfAborted();
      const batch = texts.slice(start, start + this.batchSize);
      const { vectors } = await this.provider.embed(this.spec.model, batch, options.signal);
      for (const vector of vectors) {
        if (vector.length !== this.spec.dimensions)
          throw new Error(`${this.id} returned ${vector.length} dimensions instead of ${this.spec.dimensions}`);
        out.push(normalize(vector));
      }
    }
    return out;
  }
}
