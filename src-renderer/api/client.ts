import type {
  CallInput,
  CallOutput,
  Channel,
  EventPayload,
  PublicEventType,
  StreamEvent,
  StreamName,
  StreamStarted,
} from '../../src-shared/contract';
import type { ErrorCode } from '../../src-shared/errors';

/** A failed call as the UI sees it: a code to branch on and a message a person can read. */
export class ClientError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
  }
}

/** One event of a streaming answer, in the order the engine sent them. */
export type AnswerEvent = StreamEvent<'answer.ask'>;

/** Where a stream's events go. */
export interface StreamListeners<S extends StreamName> {
  /** Each event of the call, in order, the last one terminal (see `streams` in the contract). */
  onEvent(event: StreamEvent<S>): void;
  /** The transport broke after the stream started and before its terminal event (browser mode only). */
  onLost?(error: ClientError): void;
}

/**
 * The renderer's one way to reach the engine. The desktop build talks over the preload bridge, the
 * browser build over HTTP and a WebSocket; features never know which.
 */
export interface QuarryClient {
  readonly mode: 'desktop' | 'browser';
  /** Calls one contract channel; rejects with a `ClientError`. */
  call<C extends Channel>(channel: C, input: CallInput<C>): Promise<CallOutput<C>>;
  /** Listens to one public engine event type until the returned function is called. */
  on<T extends PublicEventType>(type: T, listener: (payload: EventPayload<T>) => void): () => void;
  /** Starts a contract stream; its events go to `listeners` (none is missed), and it resolves with the started value. */
  stream<S extends StreamName>(name: S, input: CallInput<S>, listeners: StreamListeners<S>): Promise<StreamStarted<S>>;
  /** Adds dropped or picked files to a collection: by path on the desktop, by upload in a browser. */
  addFiles(files: readonly File[], collection: string): Promise<{ jobId: string }>;
}
