import {
  isTerminal,
  streamPath,
  streams,
  type StreamEvent,
  type StreamLine,
  type StreamName,
  type StreamStarted,
} from '../../src-shared/contract';
import type { QuarryClient, StreamListeners } from './client';
import { ClientError } from './client';
import { unwrapEnvelope } from './envelope';
import { createEventSocket, type SocketLike } from './event-socket';
import { readNdjson } from './ndjson';

export interface BrowserClientOptions {
  /** Origin of `quarry serve`; the page's own origin when it was served from there. */
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  readonly connectSocket?: (url: string) => SocketLike;
}

/** Turns a non-JSON or failed HTTP reply into a `ClientError` with the server's code when it sent one. */
async function readReply(response: Response): Promise<unknown> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    const hint = response.status === 401 ? ' Open the address `quarry serve` printed to sign this tab in.' : '';
    throw new ClientError('internal', `Quarry's server answered ${response.status} ${response.statusText}.${hint}`);
  }
  return body;
}

/**
 * Reads one NDJSON stream (the server demultiplexed it already): resolves with the `started` line,
 * hands each event line on until the terminal one, and reports a connection that broke before it.
 */
function readStream<S extends StreamName>(
  name: S,
  body: ReadableStream<Uint8Array>,
  listeners: StreamListeners<S>,
): Promise<StreamStarted<S>> {
  return new Promise((resolve, reject) => {
    let started = false;
    let finished = false;
    const ended = (error?: unknown) => {
      if (!started) reject(error instanceof ClientError ? error : new ClientError('internal', 'The stream ended before it started.'));
      else if (!finished) listeners.onLost?.(new ClientError('internal', 'The connection to Quarry was lost before the stream finished.'));
    };
    readNdjson(body, (raw) => {
      const line = raw as StreamLine<S>;
      if (line.type === 'started') {
        started = true;
        resolve(line.value);
      } else if (line.type === 'event' && !finished) {
        finished = isTerminal(streams[name], line.event);
        listeners.onEvent({ type: line.event, payload: line.payload } as StreamEvent<S>);
      }
    }).then(() => ended(), ended);
  });
}

/**
 * The client in a browser tab opened from `quarry serve`: calls over `POST /api/rpc/<channel>`,
 * events over one WebSocket, answers as NDJSON streams, dropped files as a multipart upload.
 * Authentication is the HttpOnly cookie the server set, so requests only need same-origin credentials.
 */
export function createBrowserClient(options: BrowserClientOptions): QuarryClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const socketUrl = `${options.baseUrl.replace(/^http/, 'ws')}/api/events`;
  const events = createEventSocket(() => (options.connectSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike))(socketUrl));
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    doFetch(`${options.baseUrl}${path}`, { method: 'POST', body, headers, credentials: 'same-origin' });

  const client: QuarryClient = {
    mode: 'browser',
    async call(channel, input) {
      const response = await post(`/api/rpc/${channel}`, JSON.stringify(input ?? {}), { 'content-type': 'application/json' });
      return unwrapEnvelope(await readReply(response));
    },
    on(type, listener) {
      return events.on(type, listener as (payload: unknown) => void);
    },
    async stream(name, input, listeners) {
      const response = await post(streamPath(name), JSON.stringify(input ?? {}), { 'content-type': 'application/json' });
      if (!response.ok || !response.body) return unwrapEnvelope(await readReply(response));
      return readStream(name, response.body, listeners);
    },
    async addFiles(files, collection) {
      const form = new FormData();
      for (const file of files) form.append('files', file, file.webkitRelativePath || file.name);
      // The collection travels in the query so the server knows where files go before it streams them to disk.
      const response = await post(`/api/upload?collection=${encodeURIComponent(collection)}`, form);
      return unwrapEnvelope<{ jobId: string }>(await readReply(response));
    },
  };
  return client;
}
