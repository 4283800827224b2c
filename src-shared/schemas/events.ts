import { z } from 'zod';
import { JobProgress } from './library';
import { AnswerResult } from './answer';
import { AlertEvent } from './alerts';
import { EmbedderSwitchProgress, ProviderStateEvent } from './providers';
import { PullProgress } from './models';

/** Every event the engine emits, keyed by type; hosts forward them (IPC, WebSocket) unchanged. */
export const eventSchemas = {
  'ingest.progress': JobProgress,
  'ingest.done': JobProgress,
  'answer.token': z.object({ answerId: z.string(), delta: z.string() }),
  'answer.done': AnswerResult,
  'answer.error': z.object({ answerId: z.string(), code: z.string(), message: z.string(), partial: z.string() }),
  /** An alert rule started firing (also for silenced rules, with `silenced: true`). */
  alert_triggered: AlertEvent,
  alert_resolved: AlertEvent,
  'provider.state': ProviderStateEvent,
  /** One call to a model provider (after its retries): for metrics and the audit of text sent out. */
  'provider.call': z.object({
    provider: z.string(),
    endpoint: z.string(),
    model: z.string(),
    kind: z.enum(['chat', 'embed']),
    /** UTF-8 bytes of text sent (messages or texts to embed): document passages travel in it. */
    bytesSent: z.number().int(),
    attempts: z.number().int(),
    outcome: z.string(),
    durationMs: z.number(),
  }),
  'embedder.switch': EmbedderSwitchProgress,
  /** A model download through Ollama: status lines with bytes, then done, failed or cancelled. */
  'models.pull': PullProgress,
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventPayload<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
export const eventTypes = Object.keys(eventSchemas) as EventType[];
