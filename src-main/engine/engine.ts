import type { CallOutput, ParsedInput } from '../../src-shared/contract';
import type { EventsSource } from './events';
import type { StartedAnswer } from './answer/answer-service';
import type { WarmProgress, WarmQuestion, WarmReport } from './cache/cache-warmer';
import type { MonitorApi } from './monitor/monitor';
import type { LibraryApi } from './ingest/library-service';
import type { SearchApi } from './retrieve/search-service';
import type { ModelsApi } from './providers/model-pulls';

/** Questions, their streamed answers, feedback and the stored conversations. */
export interface AnswersApi {
  /** Starts an answer; tokens arrive as `answer.token` events keyed by the answer id. */
  ask(request: ParsedInput<'answer.ask'>): StartedAnswer;
  cancel(answerId: string): boolean;
  /** One stored answer with its route, tokens and cost, or null. */
  history(answerId: string): CallOutput<'answer.history'> | null;
  setFeedback(request: ParsedInput<'answer.feedback'>): CallOutput<'answer.feedback'>;
  /** The feedback stored for an answer, or null. */
  feedback(answerId: string): CallOutput<'answer.feedback'> | null;
  conversations(limit: number): CallOutput<'conversations.list'>;
  conversation(conversationId: string): CallOutput<'conversations.get'>;
}

export interface CacheApi {
  stats(): CallOutput<'cache.stats'>;
  clear(): CallOutput<'cache.clear'>;
  /** The most frequently asked questions, for warming. */
  frequentQuestions(limit: number): WarmQuestion[];
  /** Asks each question once so its answer is cached; already-cached ones cost a lookup. */
  warm(questions: readonly WarmQuestion[], onProgress?: (progress: WarmProgress) => void, signal?: AbortSignal): Promise<WarmReport>;
}

export interface MaintenanceApi {
  /** Expired cache entries, index merges, WAL checkpoint, an optional backup, log rotation. */
  run(request: ParsedInput<'maintenance.run'>): Promise<CallOutput<'maintenance.run'>>;
}

/** Language-model providers, their settings and the library's embedder. */
export interface ProvidersApi {
  status(): Promise<CallOutput<'providers.status'>>;
  testConnection(provider: ParsedInput<'providers.test'>['provider']): Promise<CallOutput<'providers.test'>>;
  listModels(provider: ParsedInput<'providers.models'>['provider']): Promise<CallOutput<'providers.models'>>;
  /** Builds the index for another embedder (`builtin`, `ollama:MODEL`, `openai:MODEL`) in the background. */
  switchEmbedder(spec: string): Promise<CallOutput<'embedder.switch'>>;
}

/** Provider and router settings; every change is audited (secrets without their value). */
export interface SettingsApi {
  get(key?: string): CallOutput<'settings.get'>;
  set(key: string, value: unknown): CallOutput<'settings.set'>;
}

/**
 * The engine as every host sees it (Electron, `quarry serve`, the CLI, MCP, tests), grouped like the
 * contract's domains. Internals (the database, the logger, the provider registry) are not on it.
 */
export interface Engine {
  readonly library: LibraryApi;
  readonly search: SearchApi;
  readonly answers: AnswersApi;
  readonly cache: CacheApi;
  readonly maintenance: MaintenanceApi;
  readonly providers: ProvidersApi;
  /** Local models through Ollama: what is installed, what to pull, and downloads as long jobs. */
  readonly models: ModelsApi;
  readonly settings: SettingsApi;
  readonly monitor: MonitorApi;
  /** Public events only; internal ones (e.g. `provider.call`) never reach a host. */
  readonly events: EventsSource;
  /** Stops work (interrupted jobs resume on the next start) and closes the library file. */
  close(): Promise<void>;
}
