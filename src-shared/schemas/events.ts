import { z } from 'zod';
import { JobProgress } from './library';
import { AnswerResult } from './answer';
import { AlertEvent } from './alerts';
import { EmbedderSwitchProgress, ProviderStateEvent } from './providers';

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
  'embedder.switch': EmbedderSwitchProgress,
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventPayload<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
export const eventTypes = Object.keys(eventSchemas) as EventType[];
