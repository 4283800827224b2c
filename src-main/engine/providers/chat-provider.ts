import type { ModelInfo, ProviderId } from '../../../src-shared/schemas/providers';

export type ChatRole = 'system' | 'user' | 'assistant';

/** One message of a chat exchange, as every chat provider takes it. */
export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Context window to ask for (Ollama loads models with a small default otherwise). */
  readonly contextTokens?: number;
  readonly maxTokens?: number;
}

export interface ChatUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ChatCallbacks {
  readonly signal: AbortSignal;
  /** The server answered with headers: the connection phase is over. */
  readonly onConnected: () => void;
  readonly onToken: (delta: string) => void;
}

export interface ChatOutcome {
  readonly text: string;
  /** As the server counted them; null when it did not say. */
  readonly usage: ChatUsage | null;
}

export interface EmbedOutcome {
  readonly vectors: Float32Array[];
  readonly tokens: number;
}

/**
 * One language-model service as its official client reaches it, without retries or timeouts: those
 * are added around it by `createResilientProvider`, the same for every provider.
 */
export interface ChatProvider {
  readonly id: ProviderId;
  readonly endpoint: string;
  listModels(signal: AbortSignal): Promise<ModelInfo[]>;
  version(signal: AbortSignal): Promise<string | null>;
  chat(request: ChatRequest, callbacks: ChatCallbacks): Promise<ChatOutcome>;
  embed(model: string, texts: readonly string[], signal: AbortSignal): Promise<EmbedOutcome>;
}
