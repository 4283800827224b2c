import { IngestRequest } from '../../src-shared/schemas/library';
/**
 * Load on `quarry serve`: builds a library of at least 10,000 chunks (Cranfield sentences shuffled
 * into Markdown sections), starts `quarry serve` in a second process, and drives
 * `POST /api/rpc/search.query` with autocannon, rotating through the 225 Cranfield queries.
 * Prints requests/s, latency p50/p99 and errors per search mode. Figures, not a pass/fail test.
 *   npx tsx test/bench/server-load.ts [--chunks 10000] [--duration 15] [--connections 10] [--modes keyword,hybrid,dense]
 * The server runs with `--rate-limit 0`: the default limit (6,000 requests a minute) exists to stop
 * a runaway client and would otherwise be what this measures.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEngine } from '../../src-main/engine';
import { readServerInfo, type ServerInfo } from '../../src-main/server/server-info';

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly average: number; readonly max: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly duration: number;
}
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: { setupRequest: (request: AutocannonRequest) => AutocannonRequest }[];
}) => Promise<AutocannonResult>;
// autocannon ships no type declarations; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cranfield = join(repoRoot, '..', 'shared', 'data', 'cranfield');

const { values: args } = parseArgs({
  options: {
    chunks: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
    modes: { type: 'string', default: 'keyword,hybrid,dense' },
    /** Reuse (or keep) the library in this folder instead of a temporary one. */
    library: { type: 'string' },
  },
});
const targetChunks = Number(args.chunks);

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

let seed = 11;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

/** Writes Markdown files of sections made of Cranfield sentences; each section is about one chunk. */
function writeDocuments(folder: string, sentences: readonly string[], files: number, offset: number): void {
  for (let f = 0; f < files; f += 1) {
    const sections: string[] = [`# Report ${offset + f}`];
    for (let s = 0; s < 10; s += 1) {
      const body: string[] = [];
      let words = 0;
      while (words < 170) {
        const sentence = sentences[Math.floor(random() * sentences.length)]!;
        body.push(sentence);
        words += sentence.split(' ').length;
      }
      sections.push(`## Section ${s + 1}\n\n${body.join(' ')}`);
    }
    writeFileSync(join(folder, `report-${offset + f}.md`), `${sections.join('\n\n')}\n`);
  }
}

async function buildLibrary(dataDir: string, docsDir: string): Promise<{ chunks: number; documents: number; seconds: number }> {
  const corpus = readJsonl<{ text: string }>(join(cranfield, 'corpus.jsonl'));
  const sentences = corpus.flatMap((doc) => doc.text.split(/\s\.\s*/).filter((s) => s.split(' ').length > 5)).map((s) => `${s.trim()}.`);
  const engine = createEngine({ dataDir, resumeJobs: false });
  const started = performance.now();
  let written = 0;
  try {
    while (engine.library.stats().chunks < targetChunks) {
      const missing = targetChunks - engine.library.stats().chunks;
      const files = Math.max(1, Math.ceil(missing / 10));
      const batch = join(docsDir, `batch-${Date.now()}-${written}`);
      mkdirSync(batch);
      writeDocuments(batch, sentences, files, written);
      written += files;
      const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: [batch], collection: 'bench' }));
      const final = await engine.library.waitForJob(jobId);
      if (final.status !== 'done' || final.failed.length > 0) throw new Error(`ingestion failed: ${JSON.stringify(final)}`);
    }
    const stats = engine.library.stats();
    return { chunks: stats.chunks, documents: stats.documents, seconds: (performance.now() - started) / 1000 };
  } finally {
    await engine.close();
  }
}

async function startServe(dataDir: string): Promise<{ info: ServerInfo; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['bin/quarry.js', 'serve', '--port', '0', '--rate-limit', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (piece: Buffer) => {
      out += piece.toString();
      if (out.includes('Press Ctrl+C')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`quarry serve exited with ${code}`)));
  });
  const info = await readServerInfo(dataDir);
  if (!info) throw new Error('quarry serve wrote no server.json');
  return {
    info,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const root = args.library ?? mkdtempSync(join(tmpdir(), 'quarry-server-load-'));
  const dataDir = join(root, 'data');
  const docsDir = join(root, 'docs');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(docsDir, { recursive: true });
  try {
    const library = await buildLibrary(dataDir, docsDir);
    console.log(`library: ${library.documents} documents, ${library.chunks} chunks, built in ${library.seconds.toFixed(1)} s`);
    const server = await startServe(dataDir);
    const queries = readJsonl<{ text: string }>(join(cranfield, 'queries.jsonl')).map((q) => q.text.trim());
    const headers = {
      authorization: `Bearer ${server.info.token}`,
      'content-type': 'application/json',
      host: `127.0.0.1:${server.info.port}`,
    };
    try {
      console.log(
        `server: ${server.info.url} (separate process), ${args.connections} connections, ${args.duration} s per target, ${queries.length} queries in rotation, limit 10`,
      );
      console.log('target                 requests/s   p50 ms   p99 ms   max ms   requests   errors   non-2xx   timeouts');
      let next = 0;
      const targets = [
        ...args.modes.split(',').map((mode) => ({
          label: `search.query ${mode}`,
          channel: 'search.query',
          body: () => JSON.stringify({ query: queries[next++ % queries.length], mode, limit: 10 }),
        })),
        // The HTTP layer alone (Host/Origin, token, rate-limit hook, routing, zod, JSON) around a trivial engine call.
        { label: 'library.collections', channel: 'library.collections', body: () => '{}' },
      ];
      for (const target of targets) {
        const path = `/api/rpc/${target.channel}`;
        // Warm-up: the first dense query loads the embedder model from the library file.
        for (let i = 0; i < 5; i += 1) {
          const response = await fetch(`${server.info.url}${path}`, { method: 'POST', headers: { ...headers }, body: target.body() });
          if (response.status !== 200) throw new Error(`warm-up failed: ${response.status} ${await response.text()}`);
        }
        const result = await autocannon({
          url: server.info.url,
          connections: Number(args.connections),
          duration: Number(args.duration),
          // Copies: autocannon writes content-length into the headers object it is given.
          requests: [{ setupRequest: (request) => ({ ...request, method: 'POST', path, headers: { ...headers }, body: target.body() }) }],
        });
        const row = [
          target.label.padEnd(22),
          result.requests.average.toFixed(1).padStart(10),
          String(result.latency.p50).padStart(8),
          String(result.latency.p99).padStart(8),
          String(result.latency.max).padStart(8),
          String(result.requests.total).padStart(10),
          String(result.errors).padStart(8),
          String(result.non2xx).padStart(9),
          String(result.timeouts).padStart(10),
        ];
        console.log(row.join(' '));
      }
    } finally {
      await server.stop();
    }
  } finally {
    if (!args.library) rmSync(root, { recursive: true, force: true });
  }
}

await main();
