import { z } from 'zod';
import { AnswerStarted, AskRequest } from './schemas/answer';
import { IngestRequest, JobRef } from './schemas/library';
import { PullProgress, PullRequest } from './schemas/models';
import { publicEventTypes, type EventPayload, type PublicEventType } from './schemas/events';
import type { ErrorCode } from './errors';

/** The public event types whose payload carries `key` as a string: the ones a stream keyed by it may name. */
export type KeyedEventType<K extends string> = {
  [T in PublicEventType]: EventPayload<T> extends { readonly [P in K]: string } ? T : never;
}[PublicEventType];

/**
 * A stream is a contract call whose work goes on after it returns: the call's output (the started
 * value) names the work by `key`, and the events whose payload carries the same `key` belong to it
 * until one of its `terminal` events. `cancel` is the channel that stops the work when nobody is left
 * to read it; a stream without one outlives its consumer (a durable ingestion job).
 */
export interface StreamEntry<
  I extends z.ZodType = z.ZodType,
  S extends z.ZodType = z.ZodType,
  K extends string = string,
  E extends PublicEventType = PublicEventType,
  C extends string | null = string | null,
> {
  readonly input: I;
  readonly started: S;
  readonly key: K;
  readonly events: readonly E[];
  readonly terminal: readonly E[];
  readonly cancel: C;
}

/** Declares one stream; the compiler refuses a key the started value or one of the events does not carry. */
function defineStream<
  const K extends string,
  const E extends KeyedEventType<K>,
  I extends z.ZodType,
  S extends z.ZodType<{ readonly [P in K]: string }>,
  const C extends string | null,
>(entry: StreamEntry<I, S, K, E, C>): StreamEntry<I, S, K, E, C> {
  return entry;
}

/**
 * Every stream, by the name of the call that starts it. `contract.ts` checks that each name is a
 * channel with the same input and output, and that each `cancel` is a channel taking `{ [key] }`.
 */
export const streamContract = {
  'answer.ask': defineStream({
    input: AskRequest,
    started: AnswerStarted,
    key: 'answerId',
    events: ['answer.token', 'answer.done', 'answer.error'],
    terminal: ['answer.done', 'answer.error'],
    // An answer nobody reads costs tokens and, with a remote model, money: stop it.
    cancel: 'answer.cancel',
  }),
  'library.ingest': defineStream({
    input: IngestRequest,
    started: JobRef,
    key: 'jobId',
    events: ['ingest.progress', 'ingest.done'],
    terminal: ['ingest.done'],
    // Ingestion is a durable job: a client that hangs up only stops listening.
    cancel: null,
  }),
  'models.pull': defineStream({
    input: PullRequest,
    started: PullProgress,
    key: 'pullId',
    events: ['models.pull', 'models.pulled'],
    terminal: ['models.pulled'],
    // A download is a job too (Settings and the CLI show it): a client that hangs up only stops listening.
    cancel: null,
  }),
} as const;

export type StreamContract = typeof streamContract;
export type StreamName = keyof StreamContract;
export const streamNames = Object.keys(streamContract) as StreamName[];

export type StreamStarted<S extends StreamName> = z.output<StreamContract[S]['started']>;
export type StreamEventType<S extends StreamName> = StreamContract[S]['events'][number];

/** One event of a stream, as every transport hands it to its consumer. */
export type EventOf<E extends PublicEventType> = { [T in E]: { readonly type: T; readonly payload: EventPayload<T> } }[E];
export type StreamEvent<S extends StreamName> = EventOf<StreamEventType<S>>;

/** True when `type` ends the stream described by `entry`. */
export function isTerminal(entry: Pick<StreamEntry, 'terminal'>, type: string): boolean {
  return (entry.terminal as readonly string[]).includes(type);
}

/** The URL of a stream over HTTP (NDJSON). */
export function streamPath(name: StreamName): string {
  return `/api/stream/${name}`;
}

/**
 * One line of an NDJSON stream: first the started value, then the call's events in the order the
 * engine emitted them, the last one terminal. An event line has the shape of a WebSocket event message.
 */
export type StreamLine<S extends StreamName> =
  | { readonly type: 'started'; readonly value: StreamStarted<S> }
  | {
      readonly [T in StreamEventType<S>]: { readonly type: 'event'; readonly event: T; readonly payload: EventPayload<T> };
    }[StreamEventType<S>];

/** What a client sends on the event WebSocket (`GET /api/events`): only public events can be named. */
export const SocketRequest = z.object({
  type: z.enum(['subscribe', 'unsubscribe']),
  events: z.array(z.enum(publicEventTypes as [PublicEventType, ...PublicEventType[]])),
});
export type SocketRequest = z.output<typeof SocketRequest>;

/** What the event WebSocket sends: acknowledgements, refusals and the subscribed events. */
export type SocketMessage =
  | { readonly type: 'subscribed'; readonly events: readonly PublicEventType[] }
  | { readonly type: 'error'; readonly error: { readonly code: ErrorCode; readonly message: string } }
  | { readonly [T in PublicEventType]: { readonly type: 'event'; readonly event: T; readonly payload: EventPayload<T> } }[PublicEventType];
