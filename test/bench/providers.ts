import { IngestRequest } from '../../src-shared/schemas/library';
import { AskRequest } from '../../src-shared/schemas/answer';
/**
 * Provider benchmark, against the fake Ollama server (0 ms model latency unless stated):
 *   1. router overhead per question (the pure policy, and the engine's whole route step);
 *   2. time to first token through the engine over a 10,000-chunk library;
 *   3. ingestion throughput with the Ollama embedder at batch sizes 1, 8, 32, 128.
 * Run: npx tsx test/bench/providers.ts [chunks] [sections: router,ttft,ingest]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createEngine, type Engine } from '../../src-main/engine';
import { readBeirDataset, type CorpusRecord } from '../../src-main/engine/eval/beir';
import { ingestRecordsDirectly } from '../../src-main/engine/eval/direct-ingest';
import { createVectorIndex } from '../../src-main/engine/embedding/vector-index';
import { openDatabase } from '../../src-main/engine/store/database';
import { decideRoute, type RouteInput } from '../../src-main/engine/router/route-policy';
import { describeModel } from '../../src-main/engine/providers/model-catalog';
import { startFakeOllama, type FakeOllamaOptions } from '../fakes/ollama-server';

const chunkCount = Number(process.argv[2] ?? 10_000);
const sections = new Set((process.argv[3] ?? 'router,ttft,ingest').split(','));
const dataset = readBeirDataset(new URL('../../../shared/data/cranfield', import.meta.url).pathname);
const silent = pino({ level: 'silent' });

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

function routerOverhead(): void {
  const models = [
    describeModel('ollama', 'llama3.2', { parameterSize: '3.2B', contextLength: 131072 }),
    describeModel('ollama', 'qwen2.5:14b', { parameterSize: '14.8B', contextLength: 32768 }),
    describeModel('openai', 'gpt-4o-mini'),
    describeModel('openai', 'gpt-4o'),
  ];
  const questions = dataset.queries.map((q) => q.text);
  const input = (question: string, index: number): RouteInput => ({
    question,
    promptTokens: 1200 + (index % 7) * 300,
    answerTokens: 512,
    collections: [{ name: 'reports', private: index % 3 === 0 }],
    libraryPrivate: false,
    offline: false,
    remoteEnabled: true,
    models,
    health: {
      ollama: { state: 'healthy', firstTokenMs: 300 },
      openai: { state: index % 5 === 0 ? 'degraded' : 'healthy', firstTokenMs: 600 },
    },
    budget: { dailyUsd: 1, spentTodayUsd: 0.2 },
    latencyTargetMs: 3000,
  });
  const inputs = Array.from({ length: 20_000 }, (_, i) => input(questions[i % questions.length]!, i));
  for (const value of inputs.slice(0, 2000)) decideRoute(value);
  const times = inputs.map((value) => {
    const started = performance.now();
    decideRoute(value);
    return (performance.now() - started) * 1000;
  });
  console.log(
    `router policy (pure, 4 models, ${times.length} questions): p50 ${quantile(times, 0.5).toFixed(1)} µs, p95 ${quantile(times, 0.95).toFixed(1)} µs`,
  );
}

function syntheticRecords(count: number): CorpusRecord[] {
  const sentences = dataset.corpus.flatMap((record) => record.text.split(/\s+\.\s+|\.\s+/).filter((s) => s.split(' ').length > 4));
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, (_, i) => ({
    _id: String(i),
    title: dataset.corpus[i % dataset.corpus.length]!.title,
    text: `${Array.from({ length: 3 + Math.floor(next() * 5) }, () => sentences[Math.floor(next() * sentences.length)]).join('. ')}.`,
  }));
}

async function timeToFirstToken(): Promise<void> {
  const ollama = await startFakeOllama();
  const dir = mkdtempSync(join(tmpdir(), 'quarry-bench-providers-'));
  try {
    const db = openDatabase(join(dir, 'library.sqlite'));
    const built = performance.now();
    await ingestRecordsDirectly(db, createVectorIndex(db), syntheticRecords(chunkCount), { collection: 'reports' });
    db.close();
    console.log(`library: ${chunkCount} chunks built in ${((performance.now() - built) / 1000).toFixed(1)} s`);
    const engine = createEngine({
      dataDir: dir,
      resumeJobs: false,
      logger: silent,
      environment: { OLLAMA_HOST: ollama.url },
      monitor: { sample: false },
    });
    const questions = dataset.queries.map((q) => q.text);
    const ask = async (question: string, mode: 'hybrid' | 'keyword') => {
      const started = performance.now();
      let first = Number.NaN;
      const answer = engine.answers.ask(AskRequest.parse({ question, mode }));
      const stop = engine.events.on('answer.token', (token) => {
        if (token.answerId === answer.answerId && Number.isNaN(first)) first = performance.now() - started;
      });
      const result = await answer.done;
      stop();
      const retrieve = result.timings.retrieveMs ?? 0;
      return {
        first,
        afterRetrieval: first - retrieve,
        total: performance.now() - started,
        retrieve,
        route: result.timings.routeMs ?? 0,
        provider: result.route.provider,
      };
    };
    for (const mode of ['hybrid', 'keyword'] as const) {
      // Distinct questions: a repeated one would be an answer-cache hit, not a model answer.
      const offset = mode === 'hybrid' ? 0 : 110;
      for (const question of questions.slice(offset, offset + 5)) await ask(question, mode);
      const runs: Awaited<ReturnType<typeof ask>>[] = [];
      for (const question of questions.slice(offset + 5, offset + 105)) runs.push(await ask(`${question}?`, mode));
      const by = (key: 'first' | 'afterRetrieval' | 'total' | 'retrieve' | 'route', q: number) =>
        quantile(
          runs.map((r) => r[key]),
          q,
        );
      console.log(
        `time to first token, ${mode} retrieval (${runs.length} questions, answered by ${[...new Set(runs.map((r) => r.provider))].join('/')}): p50 ${by('first', 0.5).toFixed(1)} ms, p95 ${by('first', 0.95).toFixed(1)} ms (target p50 ≤ 20 ms)`,
      );
      console.log(
        `  retrieval p50 ${by('retrieve', 0.5).toFixed(1)} ms; after retrieval to first token p50 ${by('afterRetrieval', 0.5).toFixed(1)} ms, of which the route step ${(by('route', 0.5) * 1000).toFixed(0)} µs; whole answer p50 ${by('total', 0.5).toFixed(1)} ms`,
      );
    }
    await engine.close();
  } finally {
    await ollama.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Markdown files of `chunksPerFile` short sections each, so one document holds more chunks than any batch. */
function writeCorpus(folder: string, files: number, chunksPerFile: number): void {
  mkdirSync(folder, { recursive: true });
  const records = dataset.corpus;
  for (let f = 0; f < files; f++) {
    const sections = Array.from({ length: chunksPerFile }, (_, c) => {
      const record = records[(f * chunksPerFile + c) % records.length]!;
      return `## ${record.title.slice(0, 60)} ${f}-${c}\n\n${record.text.split(' ').slice(0, 40).join(' ')}.`;
    });
    writeFileSync(join(folder, `doc-${f}.md`), `# Document ${f}\n\n${sections.join('\n\n')}\n`);
  }
}

async function ingestion(
  batchSize: number,
  fake: FakeOllamaOptions,
  corpus: string,
): Promise<{ chunksPerSecond: number; requests: number; chunks: number }> {
  const ollama = await startFakeOllama(fake);
  const dir = mkdtempSync(join(tmpdir(), 'quarry-bench-ingest-'));
  let engine: Engine | null = null;
  try {
    engine = createEngine({
      dataDir: dir,
      resumeJobs: false,
      logger: silent,
      environment: { OLLAMA_HOST: ollama.url },
      monitor: { sample: false },
      chunkOptions: { targetTokens: 48, overlapTokens: 0 },
    });
    engine.settings.set('ollama.embedBatchSize', batchSize);
    const active = new Promise<void>((resolve) => engine!.events.on('embedder.switch', (p) => p.state === 'active' && resolve()));
    await engine.providers.switchEmbedder('ollama:nomic-embed-text');
    await active;
    ollama.requests.length = 0;
    const started = performance.now();
    const job = await engine.library.waitForJob(
      (await engine.library.ingest(IngestRequest.parse({ paths: [corpus], collection: 'bench' }))).jobId,
    );
    const seconds = (performance.now() - started) / 1000;
    return { chunksPerSecond: job.chunks / seconds, requests: ollama.received('/api/embed').length, chunks: job.chunks };
  } finally {
    await engine?.close();
    await ollama.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ingestionThroughput(): Promise<void> {
  const corpus = mkdtempSync(join(tmpdir(), 'quarry-bench-corpus-'));
  try {
    writeCorpus(corpus, 12, 160);
    const conditions: [string, FakeOllamaOptions][] = [
      ['fake at 0 ms (HTTP + JSON cost only)', {}],
      // An assumed model cost, to show how a fixed per-request cost is amortized: not a measurement of Ollama.
      ['fake with modelled cost 20 ms/request + 2 ms/text', { embedCost: { perRequestMs: 20, perTextMs: 2 } }],
    ];
    for (const [label, fake] of conditions) {
      console.log(`ingestion with the Ollama embedder, ${label}:`);
      for (const batch of [1, 8, 32, 128]) {
        const result = await ingestion(batch, fake, corpus);
        console.log(
          `  batch ${String(batch).padStart(3)}: ${result.chunksPerSecond.toFixed(0).padStart(6)} chunks/s (${result.chunks} chunks, ${result.requests} embed requests)`,
        );
      }
    }
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
}

console.log(
  `node ${process.version}, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
if (sections.has('router')) routerOverhead();
if (sections.has('ttft')) await timeToFirstToken();
if (sections.has('ingest')) await ingestionThroughput();
