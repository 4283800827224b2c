import { createHash } from 'node:crypto';
import type { EmbedKind, Embedder } from '../embedder';
import { decodeLsaModel, encodeLsaModel } from './lsa-codec';
import { defaultLsaFitOptions, embedWithModel, fitLsaModel, type LsaFitOptions, type LsaModel } from './lsa-model';

/** The `embedders.kind` of the built-in embedder. */
export const builtinEmbedderKind = 'builtin-lsa';

/**
 * The weight-free embedder: LSA fitted on the library's own chunks. Deterministic (same texts, same
 * model, same id) and synchronous underneath, so the vector index can also call `embedSync` inside a
 * transaction. The id carries a hash of the fitted model, so a refit gets a new vector table.
 */
export class BuiltinEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly model: LsaModel;
  readonly blob: Buffer;
  private readonly termIndex: ReadonlyMap<string, number>;

  private constructor(model: LsaModel, blob: Buffer) {
    this.model = model;
    this.blob = blob;
    this.dimensions = model.dimensions;
    this.id = `${builtinEmbedderKind}-${model.dimensions}@${createHash('sha256').update(blob).digest('hex').slice(0, 12)}`;
    this.termIndex = new Map(model.terms.map((term, index) => [term, index]));
  }

  /** Fits on the given texts; null when they are too few or too poor in terms to fit anything. */
  static fit(texts: readonly string[], options: LsaFitOptions = defaultLsaFitOptions): BuiltinEmbedder | null {
    const model = fitLsaModel(texts, options);
    return model ? new BuiltinEmbedder(model, encodeLsaModel(model)) : null;
  }

  /** Restores an embedder from the BLOB stored in `embedders.model`. */
  static fromBlob(blob: Buffer): BuiltinEmbedder {
    return new BuiltinEmbedder(decodeLsaModel(blob), blob);
  }

  embedSync(texts: readonly string[]): Float32Array[] {
    return texts.map((text) => embedWithModel(this.model, this.termIndex, text));
  }

  // Queries and passages share one space in LSA; `kind` matters only to model-based embedders.
  async embed(texts: readonly string[], options: { readonly kind: EmbedKind; readonly signal?: AbortSignal }): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    return this.embedSync(texts);
  }
}
