/** Whether a text is a stored passage or a question; some models embed the two differently. */
export type EmbedKind = 'document' | 'query';

/**
 * Turns texts into vectors. The built-in embedder implements it now; Ollama and OpenAI embedders
 * implement the same interface. `id` names the model and its version: vectors from two ids are
 * never compared, each id has its own vector table.
 */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: readonly string[], options: { readonly kind: EmbedKind; readonly signal?: AbortSignal }): Promise<Float32Array[]>;
}
