import { publicEventTypes, type EventPayload, type PublicEventType } from './schemas/events';
import { isTerminal, type EventOf, type StreamEntry } from './stream-contract';

/**
 * The one demultiplexer of the project, and the one forwarder of public events. Every transport
 * (the IPC bridge and the desktop client, NDJSON, the WebSocket, OpenAI-style SSE) is an adapter over
 * these two functions and the stream table of `stream-contract.ts`. Hand-written because it is a few
 * dozen lines over our own event bus: no library knows which events belong to which call.
 */

/** The part of an event bus these functions read: the engine's bus, the preload bridge, the browser's socket. */
export interface EventSubscriber {
  on<T extends PublicEventType>(type: T, listener: (payload: EventPayload<T>) => void): () => void;
}

/** A call's events, in order, ending after its terminal event; `close()` ends it early. */
export interface EventStream<E> extends AsyncIterableIterator<E> {
  /** Stops listening; when the terminal event has not come yet, the work is abandoned (see `onAbandon`). */
  close(): void;
}

export interface DemultiplexOptions {
  /** Aborting it means the consumer went away: same as `close()`. */
  readonly signal?: AbortSignal;
  /** Called once with the key when the stream ends before its terminal event (and the key is known). */
  readonly onAbandon?: (key: string) => void;
}

type EntryEvents<Entry extends StreamEntry> = EventOf<Entry['events'][number]>;

/**
 * Yields the events of one call: those of `entry.events` whose payload carries `entry[key] === key`,
 * until one of `entry.terminal`. It subscribes at once, so events that fire while the key is still
 * a pending promise (the call has not returned yet) are kept and sorted out when it resolves.
 * A rejected key ends the stream with that error.
 */
export function demultiplex<Entry extends StreamEntry>(
  source: EventSubscriber,
  entry: Entry,
  key: string | PromiseLike<string>,
  options: DemultiplexOptions = {},
): EventStream<EntryEvents<Entry>> {
  type Event = EntryEvents<Entry>;
  let known: string | undefined;
  let failure: { readonly error: unknown } | undefined;
  let finished = false; // the terminal event was queued
  let closed = false; // the consumer left, or the stream was read to its end
  let abandoned = false;
  const early: Event[] = [];
  const queue: Event[] = [];
  const waiting: { resolve: (result: IteratorResult<Event>) => void; reject: (error: unknown) => void }[] = [];

  const push = (event: Event) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve({ value: event, done: false });
    else queue.push(event);
  };
  const accept = (event: Event) => {
    if (finished || closed || (event.payload as Record<string, unknown>)[entry.key] !== known) return;
    if (isTerminal(entry, event.type)) {
      finished = true;
      unsubscribe();
    }
    push(event);
    if (finished) for (const waiter of waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
  };
  const stops = entry.events.map((type) =>
    source.on(type, (payload) => {
      const event = { type, payload } as Event;
      if (known === undefined) early.push(event);
      else accept(event);
    }),
  );
  function unsubscribe(): void {
    for (const stop of stops.splice(0)) stop();
    options.signal?.removeEventListener('abort', close);
  }
  function abandon(): void {
    if (finished || abandoned || known === undefined) return;
    abandoned = true;
    options.onAbandon?.(known);
  }
  function close(): void {
    if (closed) return;
    closed = true;
    unsubscribe();
    queue.length = 0;
    early.length = 0;
    for (const waiter of waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
    abandon();
  }

  if (typeof key === 'string') known = key;
  else
    key.then(
      (value) => {
        known = value;
        // The consumer left before the call returned: the work it started has nobody to read it.
        if (closed) return abandon();
        for (const event of early.splice(0)) accept(event);
      },
      (error: unknown) => {
        failure = { error };
        unsubscribe();
        early.length = 0;
        for (const waiter of waiting.splice(0)) waiter.reject(error);
      },
    );
  if (options.signal?.aborted) close();
  else options.signal?.addEventListener('abort', close, { once: true });

  const stream: EventStream<Event> = {
    next() {
      const event = queue.shift();
      if (event) return Promise.resolve({ value: event, done: false });
      if (failure) return Promise.reject(failure.error);
      if (finished || closed) {
        closed = true;
        return Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    close,
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

/** A stream whose call has been made: its started value, and its events. */
export interface StartedStream<Started, E> {
  /** Rejects with the call's error; the events then end with it too. */
  readonly started: Promise<Started>;
  readonly events: EventStream<E>;
}

/**
 * Subscribes, then starts the call (`start`, which returns the started value), and keys the
 * demultiplexer on the started value's `entry.key`: no event of the call can be missed.
 */
export function startStream<Entry extends StreamEntry, Started>(
  source: EventSubscriber,
  entry: Entry,
  start: () => Promise<Started>,
  options: DemultiplexOptions = {},
): StartedStream<Started, EntryEvents<Entry>> {
  let settle!: { resolve: (key: string) => void; reject: (error: unknown) => void };
  const key = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const events = demultiplex(source, entry, key, options);
  const started = new Promise<Started>((resolve) => resolve(start())).then(
    (value) => {
      settle.resolve((value as Record<string, string>)[entry.key]!);
      return value;
    },
    (error: unknown) => {
      settle.reject(error);
      throw error;
    },
  );
  // The caller awaits `started`; this only keeps an unread failure from being reported as unhandled.
  started.catch(() => undefined);
  return { started, events };
}

/**
 * Hands every public event to `send` until the returned function is called. Internal events
 * (`internalEventSchemas`) are never subscribed to, so they cannot reach a window or a socket.
 */
export function forwardPublicEvents(
  source: EventSubscriber,
  send: <T extends PublicEventType>(type: T, payload: EventPayload<T>) => void,
): () => void {
  const stops = publicEventTypes.map((type) => source.on(type, (payload) => send(type, payload)));
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}
