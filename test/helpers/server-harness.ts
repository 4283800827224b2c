import { IngestRequest } from '../../src-shared/schemas/library';
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON from the wire; the assertions check its shape */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '../../src-main/engine/index';
import { startServer, type RunningServer, type ServerOptions } from '../../src-main/server/app';
import { tempDir } from './temp';

/** A real engine on a temporary data folder with a small library, served on a free loopback port. */
export interface Harness {
  readonly engine: Engine;
  readonly server: RunningServer;
  readonly dataDir: string;
  readonly docsDir: string;
  /** POST /api/rpc/<channel> with the token; returns status and parsed body. */
  rpc(channel: string, input: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Three small documents with facts a test can ask about. */
export function writeLibrary(folder: string): void {
  mkdirSync(join(folder, 'notes'), { recursive: true });
  writeFileSync(
    join(folder, 'wing.md'),
    '# Wings\n\nThe swept wing delays compressibility drag at transonic speeds.\n\n## Flutter\n\nFlutter is an aeroelastic instability of thin panels. Flutter speed falls as panel stiffness drops.\n',
  );
  writeFileSync(
    join(folder, 'notes', 'heat.txt'),
    'Heat transfer to a blunt body rises sharply in hypersonic flow.\n\nAblation shields protect re-entry vehicles from heating.',
  );
  writeFileSync(
    join(folder, 'notes', 'tunnel.md'),
    '# Tunnel\n\nThe Mach 7 wind tunnel at Langley ran 412 tests on ablation shields in 1962.\n',
  );
}

export async function startHarness(
  options: Partial<Omit<ServerOptions, 'engine'>> = {},
  ingest = true,
  engineOptions: Partial<EngineOptions> = {},
): Promise<Harness> {
  const dataDir = tempDir('quarry-server-');
  const docsDir = tempDir('quarry-docs-');
  writeLibrary(docsDir);
  const engine = createEngine({ ...engineOptions, dataDir });
  if (ingest) {
    const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: [docsDir], collection: 'aero' }));
    const final = await engine.library.waitForJob(jobId);
    if (final.status !== 'done' || final.documents !== 3) throw new Error(`fixture ingestion failed: ${JSON.stringify(final)}`);
  }
  const server = await startServer({ engine, port: 0, rendererDir: join(dataDir, 'no-renderer'), ...options });
  return {
    engine,
    server,
    dataDir,
    docsDir,
    async rpc(channel, input) {
      const response = await fetch(`${server.url}/api/rpc/${channel}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return { status: response.status, body: await response.json() };
    },
    async close() {
      await server.close();
      await engine.close();
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** An HTTP request with full control of Host and Origin (fetch would not let a test forge them). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (response) => {
      const pieces: Buffer[] = [];
      response.on('data', (piece: Buffer) => pieces.push(piece));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(pieces).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Reads an NDJSON response to the end, one parsed object per line. */
export async function readNdjson(response: Response): Promise<any[]> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line));
}
