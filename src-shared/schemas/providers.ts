import { z } from 'zod';
import { Citation, Route } from './answer';

/** The language-model services Quarry can talk to; `extractive` is the built-in answerer that needs none. */
export const ProviderId = z.enum(['ollama', 'openai']);
export type ProviderId = z.infer<typeof ProviderId>;

/**
 * healthy: answering; degraded: answering after retries or slowly; open: the circuit breaker stopped
 * calls for a while; unreachable: no connection; disabled: turned off (or offline mode).
 */
export const ProviderState = z.enum(['healthy', 'degraded', 'open', 'unreachable', 'disabled']);
export type ProviderState = z.infer<typeof ProviderState>;

/** How large a model is, coarsely: the router sends harder questions to larger models. */
export const ModelTier = z.enum(['small', 'medium', 'large']);
export type ModelTier = z.infer<typeof ModelTier>;

export const ModelInfo = z.object({
  provider: ProviderId,
  model: z.string(),
  kind: z.enum(['chat', 'embedding']),
  /** Tokens the model reads at once (prompt + answer). */
  contextWindow: z.number().int(),
  tier: ModelTier,
  /** True when calling it sends text off this machine. */
  remote: z.boolean(),
  /** US dollars per million tokens. */
  inputPrice: z.number(),
  outputPrice: z.number(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const ProviderStatus = z.object({
  provider: ProviderId,
  state: ProviderState,
  enabled: z.boolean(),
  endpoint: z.string(),
  version: z.string().nullable(),
  models: z.array(ModelInfo),
  lastError: z.string().nullable(),
  /** Median time to first token over recent answers, ms; null before any. */
  firstTokenMs: z.number().nullable(),
  inFlight: z.number().int(),
  checkedAt: z.number().nullable(),
});
export type ProviderStatus = z.infer<typeof ProviderStatus>;

export const ProviderTimeouts = z.object({
  /** Until the server answers with headers. */
  connectMs: z.number().int().min(1).default(3000),
  /** Until the first token of an answer arrives. */
  firstTokenMs: z.number().int().min(1).default(60_000),
  /** The whole answer. */
  totalMs: z.number().int().min(1).default(300_000),
});

const Price = z.object({ input: z.number().min(0), output: z.number().min(0) });

/** Every provider and router setting, with its default; stored key by key in the `settings` table. */
export const ProviderSettings = z.object({
  /** Forbids every remote call. */
  offline: z.boolean().default(false),
  /** Treats the whole library as private: nothing of it goes to a cloud provider. */
  libraryPrivate: z.boolean().default(false),
  ollama: z
    .object({
      enabled: z.boolean().default(true),
      /** Overrides OLLAMA_HOST. */
      host: z.string().nullable().default(null),
      /** Preferred chat model; null lets the router choose among the installed ones. */
      chatModel: z.string().nullable().default(null),
      embedModel: z.string().default('nomic-embed-text'),
      embedBatchSize: z.number().int().min(1).max(512).default(32),
      timeouts: ProviderTimeouts.default({ connectMs: 3000, firstTokenMs: 60_000, totalMs: 300_000 }),
      maxConcurrent: z.number().int().min(1).max(64).default(2),
    })
    .prefault({}),
  openai: z
    .object({
      /** Remote calls happen only after the user turns this on. */
      enabled: z.boolean().default(false),
      /** Overrides OPENAI_BASE_URL (any OpenAI-compatible server). */
      baseUrl: z.string().nullable().default(null),
      /** Overrides OPENAI_API_KEY; stored in the library file, so the variable is preferred. */
      apiKey: z.string().nullable().default(null),
      chatModels: z.array(z.string()).default(['gpt-4o-mini', 'gpt-4o']),
      embedModel: z.string().default('text-embedding-3-small'),
      embedBatchSize: z.number().int().min(1).max(2048).default(128),
      timeouts: ProviderTimeouts.default({ connectMs: 10_000, firstTokenMs: 30_000, totalMs: 120_000 }),
      maxConcurrent: z.number().int().min(1).max(64).default(4),
    })
    .prefault({}),
  router: z
    .object({
      /** US dollars a day for paid models; 0 forbids paid models. */
      dailyBudgetUsd: z.number().min(0).default(1),
      /** Preferred time to first token; slower models go after faster ones. */
      latencyTargetMs: z.number().int().min(1).default(3000),
      /** Per-model prices in US dollars per million tokens, overriding the built-in table. */
      prices: z.record(z.string(), Price).default({}),
      /** Per-model context windows in tokens, overriding the built-in table. */
      contextWindows: z.record(z.string(), z.number().int().min(256)).default({}),
    })
    .prefault({}),
});
export type ProviderSettings = z.output<typeof ProviderSettings>;

export const SettingKey = z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z]+)*$/, 'A setting key looks like openai.enabled');
export const SettingGet = z.object({ key: SettingKey.optional() });
export const SettingSet = z.object({ key: SettingKey, value: z.unknown() });
export const SettingValue = z.object({ key: z.string(), value: z.unknown() });

export const ConnectionTest = z.object({ provider: ProviderId });
export const ConnectionTestResult = z.object({
  provider: ProviderId,
  ok: z.boolean(),
  version: z.string().nullable(),
  models: z.number().int(),
  latencyMs: z.number(),
  error: z.string().nullable(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

/** Asks the library to embed with another model: the new index is built beside the old one. */
export const EmbedderSwitchRequest = z.object({
  /** `builtin`, `ollama:nomic-embed-text`, `openai:text-embedding-3-small`. */
  embedder: z.string().min(1),
});
export const EmbedderSwitchProgress = z.object({
  embedderId: z.string(),
  state: z.enum(['building', 'active', 'failed', 'cancelled']),
  done: z.number().int(),
  total: z.number().int(),
  error: z.string().nullable(),
});
export type EmbedderSwitchProgress = z.infer<typeof EmbedderSwitchProgress>;

export const ProviderStateEvent = z.object({
  provider: ProviderId,
  state: ProviderState,
  previous: ProviderState,
  reason: z.string(),
  at: z.number(),
});

/** One answer as the history keeps it: its route, citations, tokens and cost. */
export const AnswerRecord = z.object({
  answerId: z.string(),
  conversationId: z.string(),
  answer: z.string(),
  status: z.string(),
  route: Route,
  citations: z.array(Citation),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  errorCode: z.string().nullable(),
  createdAt: z.number(),
});
export type AnswerRecord = z.infer<typeof AnswerRecord>;
