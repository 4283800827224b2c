import type { AnswerEvent, QuarryClient } from './client';
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

type StreamLine =
  | { type: 'started'; value: { answerId: string; conversationId: string } }
  | { type: 'event'; event: AnswerEvent['type']; payload: AnswerEvent['payload'] };

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
    async streamAnswer(input, onEvent) {
      const response = await post('/api/stream/answer.ask', JSON.stringify(input), { 'content-type': 'application/json' });
      if (!response.ok || !response.body) return unwrapEnvelope(await readReply(response));
      return new Promise((resolve, reject) => {
        let started = false;
        let finished = false;
        readNdjson(response.body as ReadableStream<Uint8Array>, (raw) => {
          const line = raw as StreamLine;
          if (line.type === 'started') {
            started = true;
            resolve(line.value);
          } else if (line.type === 'event') {
            if (line.event !== 'answer.token') finished = true;
            onEvent({ type: line.event, payload: line.payload } as AnswerEvent);
          }
        })
          .then(() => {
            if (!started) reject(new ClientError('internal', 'The answer stream ended before it started.'));
            else if (!finished)
              onEvent({
                type: 'answer.error',
                payload: {
                  answerId: '',
                  code: 'internal',
                  message: 'The connection to Quarry was lost before the answer finished.',
                  partial: '',
                },
              });
          })
          .catch((error: unknown) => {
            if (!started)
              reject(error instanceof ClientError ? error : new ClientError('internal', 'The answer stream could not be read.'));
            else if (!finished)
              onEvent({
                type: 'answer.error',
                payload: {
                  answerId: '',
                  code: 'internal',
                  message: 'The connection to Quarry was lost before the answer finished.',
                  partial: '',
                },
              });
          });
      });
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
