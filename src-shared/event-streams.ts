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

/** A queue read with `await next()`: pushed values wait for a reader, a reader waits for the next value. */
function createPullQueue<T>() {
  const items: T[] = [];
  const readers: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }[] = [];
  let ended = false;
  let failure: { readonly error: unknown } | undefined;
  return {
    push(item: T): void {
      if (ended) return;
      const reader = readers.shift();
      if (reader) reader.resolve({ value: item, done: false });
      else items.push(item);
    },
    /** No more values: readers get `done` once the queued ones are read (`discard` drops those too). */
    end(discard = false): void {
      ended = true;
      if (discard) items.length = 0;
      for (const reader of readers.splice(0)) reader.resolve({ value: undefined, done: true });
    },
    fail(error: unknown): void {
      ended = true;
      failure = { error };
      for (const reader of readers.splice(0)) reader.reject(error);
    },
    next(): Promise<IteratorResult<T>> {
      if (items.length > 0) return Promise.resolve({ value: items.shift()!, done: false });
      if (failure) return Promise.reject(failure.error);
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => readers.push({ resolve, reject }));
    },
  };
}

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
  const queue = createPullQueue<Event>();
  const early: Event[] = [];
  let known = typeof key === 'string' ? key : undefined;
  let finished = false; // the terminal event was queued
  let closed = false; // the consumer left

  const accept = (event: Event) => {
    if (finished || closed || (event.payload as Record<string, unknown>)[entry.key] !== known) return;
    queue.push(event);
    if (!isTerminal(entry, event.type)) return;
    finished = true;
    unsubscribe();
    queue.end();
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
  const abandon = () => {
    if (!finished && known !== undefined) options.onAbandon?.(known);
  };
  function close(): void {
    if (closed) return;
    closed = true;
    unsubscribe();
    early.length = 0;
    queue.end(true);
    abandon();
  }

  if (typeof key !== 'string')
    key.then(
      (value) => {
        known = value;
        // The consumer left before the call returned: the work it started has nobody to read it.
        if (closed) return abandon();
        for (const event of early.splice(0)) accept(event);
      },
      (error: unknown) => {
        early.length = 0;
        unsubscribe();
        queue.fail(error);
      },
    );
  if (options.signal?.aborted) close();
  else options.signal?.addEventListener('abort', close, { once: true });

  const stream: EventStream<Event> = {
    next: () => queue.next(),
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    close,
    [Symbol.asyncIterator]: () => stream,
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
