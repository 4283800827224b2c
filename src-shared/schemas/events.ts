import { z } from 'zod';
import { errorCodes } from '../errors';
import { JobProgress } from './library';
import { AnswerResult } from './answer';
import { AlertEvent } from './alerts';
import { EmbedderSwitchProgress, ProviderStateEvent } from './providers';
import { PullProgress } from './models';

/**
 * Events a window or a client may receive: hosts forward them (IPC, WebSocket, NDJSON) unchanged.
 * Only these are ever forwarded; see `internalEventSchemas` for the rest.
 */
export const publicEventSchemas = {
  'ingest.progress': JobProgress,
  'ingest.done': JobProgress,
  'answer.token': z.object({ answerId: z.string(), delta: z.string() }),
  'answer.done': AnswerResult,
  /** The answer failed or was stopped (`cancelled`); `partial` is what had streamed before. */
  'answer.error': z.object({ answerId: z.string(), code: z.enum(errorCodes), message: z.string(), partial: z.string() }),
  /** An alert rule started firing (also for silenced rules, with `silenced: true`). */
  alert_triggered: AlertEvent,
  alert_resolved: AlertEvent,
  'provider.state': ProviderStateEvent,
  'embedder.switch': EmbedderSwitchProgress,
  /** A model download through Ollama: its status lines with bytes, while it runs. */
  'models.pull': PullProgress,
  /** A model download ended: done, failed or cancelled (the last progress). */
  'models.pulled': PullProgress,
} as const;

/**
 * Events only the engine's own parts listen to (metrics, the audit log). This is the one place an
 * event is marked internal: the IPC forwarder, the preload, the WebSocket and the streams take
 * their event lists from `publicEventTypes`, so an internal event never reaches a window or a socket.
 */
export const internalEventSchemas = {
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
  /** A search from the search box or the CLI (answers' own retrievals are not counted): for metrics. */
  'search.done': z.object({ mode: z.string(), hits: z.number().int(), tookMs: z.number() }),
  /** An entry was appended to the audit log: for metrics. */
  'audit.recorded': z.object({ action: z.string() }),
} as const;

/** Every event the engine's bus carries, public and internal. */
export const eventSchemas = { ...publicEventSchemas, ...internalEventSchemas } as const;

export type EventType = keyof typeof eventSchemas;
export type PublicEventType = keyof typeof publicEventSchemas;
export type InternalEventType = keyof typeof internalEventSchemas;
export type EventPayload<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
export const eventTypes = Object.keys(eventSchemas) as EventType[];
export const publicEventTypes = Object.keys(publicEventSchemas) as PublicEventType[];

const publicEventNames = new Set<string>(publicEventTypes);

/** True for an event a window or a socket may receive. */
export function isPublicEvent(type: string): type is PublicEventType {
  return publicEventNames.has(type);
}
