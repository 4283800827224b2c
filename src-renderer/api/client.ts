import type { CallInput, CallOutput, Channel, EventPayload, EventType } from '../../src-shared/contract';
import type { ErrorCode } from '../../src-shared/errors';
import type { AnswerStarted } from '../../src-shared/schemas/answer';
import type { z } from 'zod';

/** A failed call as the UI sees it: a code to branch on and a message a person can read. */
export class ClientError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
  }
}

export type AnswerEventType = 'answer.token' | 'answer.done' | 'answer.error';
/** One event of a streaming answer, in the order the engine sent them. */
export type AnswerEvent = { [T in AnswerEventType]: { readonly type: T; readonly payload: EventPayload<T> } }[AnswerEventType];

/**
 * The renderer's one way to reach the engine. The desktop build talks over the preload bridge, the
 * browser build over HTTP and a WebSocket; features never know which.
 */
export interface QuarryClient {
  readonly mode: 'desktop' | 'browser';
  /** Calls one contract channel; rejects with a `ClientError`. */
  call<C extends Channel>(channel: C, input: CallInput<C>): Promise<CallOutput<C>>;
  /** Listens to one engine event type until the returned function is called. */
  on<T extends EventType>(type: T, listener: (payload: EventPayload<T>) => void): () => void;
  /** Starts an answer; its events go to `onEvent` (none is missed), and it resolves with the ids. */
  streamAnswer(input: CallInput<'answer.ask'>, onEvent: (event: AnswerEvent) => void): Promise<z.infer<typeof AnswerStarted>>;
  /** Adds dropped or picked files to a collection: by path on the desktop, by upload in a browser. */
  addFiles(files: readonly File[], collection: string): Promise<{ jobId: string }>;
}
