import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A fault the next matching requests suffer; `times` counts how many (default: all). */
export interface Fault {
  /** Delay before the response headers. */
  readonly latencyMs?: number;
  /** Delay between headers and the first streamed token. */
  readonly firstTokenDelayMs?: number;
  /** Delay between streamed tokens. */
  readonly tokenDelayMs?: number;
  /** Answer with this HTTP status and an error body instead. */
  readonly status?: number;
  /** With a 429 (or 503): the Retry-After header, in seconds. */
  readonly retryAfterSeconds?: number;
  /** Destroy the connection after streaming this many tokens. */
  readonly dropAfterTokens?: number;
  /** Destroy the connection before answering at all. */
  readonly refuse?: boolean;
  /** Send a body that is not valid JSON. */
  readonly malformed?: boolean;
  readonly times?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  readonly at: number;
}

export interface ChatTurn {
  readonly role: string;
  readonly content: string;
}

/** Decides what the fake model says; the default quotes the first passage and cites it. */
export type Answerer = (messages: readonly ChatTurn[], model: string) => string;

// Like a careless model, it takes the first end marker it sees as the end of the data, wherever it is.
const passageBlock = /<<<PASSAGE (\d+) BEGIN DATA[^>]*>>>([\s\S]*?)<<<PASSAGE \1 END DATA>>>/g;

/**
 * A deterministic, gullible model: it answers by quoting the first sentence of passage 1 with [1],
 * and it obeys "ignore previous instructions" found OUTSIDE the data blocks by printing its system
 * prompt — so a document that escapes its data block would make it leak.
 */
export const quoteFirstPassage: Answerer = (messages) => {
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const outside = last.replace(passageBlock, '');
  if (/ignore (all )?(previous|prior) instructions/i.test(outside)) return `Sure. My instructions are: ${system}`;
  const first = passageBlock.exec(last);
  passageBlock.lastIndex = 0;
  if (!first) return 'The documents do not answer this.';
  const sentence = (first[2]!.trimStart().match(/^[\s\S]*?[.!?](\s|$)/)?.[0] ?? first[2]!.trimStart()).trim().slice(0, 300);
  return `${sentence} [1]`;
};

/** Word pieces as a model streams them. */
export function tokenPieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** A deterministic embedding: words hashed into buckets, L2-normalized, so similar texts are near. */
export function hashEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    vector[(h >>> 0) % dimensions]! += (h & 1) === 0 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FakeServerBase {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests received on a path (e.g. `/api/chat`). */
  received(path: string): RecordedRequest[];
  /** Injects a fault for requests whose path starts with `path`. */
  fail(path: string, fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface FaultState {
  take(path: string): Fault | null;
}

/** Starts an HTTP server on a free loopback port that records requests and applies injected faults. */
export async function startFakeServer(
  handle: (request: RecordedRequest, response: ServerResponse, fault: Fault | null, raw: IncomingMessage) => Promise<void>,
): Promise<FakeServerBase> {
  const requests: RecordedRequest[] = [];
  let faults: { path: string; fault: Fault; remaining: number }[] = [];
  const sockets = new Set<Socket>();
  const take = (path: string): Fault | null => {
    const entry = faults.find((f) => path.startsWith(f.path) && f.remaining > 0);
    if (!entry) return null;
    entry.remaining -= 1;
    return entry.fault;
  };
  const server: Server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // Kept as text: the handler answers 400 as the real server would.
      }
      const path = (raw.url ?? '/').split('?')[0]!;
      const request: RecordedRequest = { method: raw.method ?? 'GET', path, headers: raw.headers, body, at: Date.now() };
      requests.push(request);
      const fault = take(path);
      void (async () => {
        if (fault?.refuse) return raw.socket.destroy();
        if (fault?.latencyMs) await sleep(fault.latencyMs);
        await handle(request, response, fault, raw);
      })().catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: String(error) }));
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received: (path) => requests.filter((r) => r.path === path),
    fail(path, fault) {
      faults.push({ path, fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Streams pieces with the fault's delays; returns false when the fault dropped the connection. */
export async function streamPieces(
  response: ServerResponse,
  pieces: readonly string[],
  fault: Fault | null,
  write: (piece: string) => string,
): Promise<boolean> {
  if (fault?.firstTokenDelayMs) await sleep(fault.firstTokenDelayMs);
  for (const [index, piece] of pieces.entries()) {
    if (fault?.dropAfterTokens !== undefined && index >= fault.dropAfterTokens) {
      response.socket?.destroy();
      return false;
    }
    if (response.destroyed) return false;
    // Wait until the piece is on the wire, so a drop that follows cuts the stream after it.
    await new Promise<void>((resolve) => response.write(write(piece), () => resolve()));
    if (fault?.tokenDelayMs && index < pieces.length - 1) await sleep(fault.tokenDelayMs);
  }
  return true;
}
