import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  streamNames,
  streamPath,
  streams,
  type Handlers,
  type StreamEvent,
  type StreamLine,
  type StreamName,
  type StreamStarted,
} from '../../src-shared/contract';
import { startStream, type EventSubscriber, type StartedStream } from '../../src-shared/event-streams';

/** What a stream adapter needs from its host: the contract's handlers, the engine's bus, a log. */
export interface StreamDeps {
  readonly handlers: Handlers;
  readonly events: EventSubscriber;
  readonly logger: { warn(context: object, message: string): void };
}

interface LineWriter<S extends StreamName> {
  write(line: StreamLine<S>): void;
  end(): void;
  /** Runs `listener` when the client goes away (at once if it already has). */
  onClose(listener: () => void): void;
}

/** Takes the response over from Fastify and writes newline-delimited JSON, flushing each line. */
function openLines<S extends StreamName>(reply: FastifyReply): LineWriter<S> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  raw.flushHeaders();
  let closed = false;
  raw.on('close', () => {
    closed = true;
  });
  return {
    write(line) {
      if (!closed && !raw.writableEnded) raw.write(`${JSON.stringify(line)}\n`);
    },
    end() {
      if (!raw.writableEnded) raw.end();
    },
    onClose(listener) {
      if (closed || raw.destroyed) listener();
      else raw.on('close', listener);
    },
  };
}

/**
 * Starts the stream `name` through its contract handler (the input already parsed) and demultiplexes
 * its events from the bus. When `signal` aborts before the terminal event, the entry's `cancel`
 * channel stops the work (answers); a stream without one (ingestion jobs) goes on unheard.
 */
export function startContractStream<S extends StreamName>(
  name: S,
  input: unknown,
  deps: StreamDeps,
  signal?: AbortSignal,
): StartedStream<StreamStarted<S>, StreamEvent<S>> {
  const entry = streams[name];
  const start = deps.handlers[name] as (input: unknown) => Promise<StreamStarted<S>>;
  const cancel = entry.cancel === null ? null : (deps.handlers[entry.cancel] as (input: unknown) => Promise<unknown>);
  const onAbandon = cancel
    ? (key: string) =>
        void cancel({ [entry.key]: key }).catch((error: unknown) => deps.logger.warn({ err: error, stream: name, key }, 'cancel failed'))
    : undefined;
  return startStream(deps.events, entry, () => start(input), { ...(signal ? { signal } : {}), ...(onAbandon ? { onAbandon } : {}) });
}

/**
 * `POST /api/stream/<name>` for every stream of the contract: a `started` line with the call's value,
 * then the call's events until its terminal one. The input is parsed with the contract's schema
 * before anything is written, so a bad request is a plain JSON error (400).
 */
function registerStream<S extends StreamName>(app: FastifyInstance, name: S, deps: StreamDeps): void {
  app.post(streamPath(name), async (request, reply) => {
    const input = streams[name].input.parse(request.body ?? {});
    const consumer = new AbortController();
    const { started, events } = startContractStream(name, input, deps, consumer.signal);
    let value: StreamStarted<S>;
    try {
      value = await started;
    } catch (error) {
      events.close();
      throw error;
    }
    const lines = openLines<S>(reply);
    lines.onClose(() => consumer.abort());
    lines.write({ type: 'started', value } as StreamLine<S>);
    try {
      for await (const event of events) lines.write({ type: 'event', event: event.type, payload: event.payload } as StreamLine<S>);
    } finally {
      lines.end();
    }
  });
}

export function registerStreamRoutes(app: FastifyInstance, deps: StreamDeps): void {
  for (const name of streamNames) registerStream(app, name, deps);
}
