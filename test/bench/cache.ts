import { IngestRequest } from '../../src-shared/schemas/library';
import { AskRequest } from '../../src-shared/schemas/answer';
/**
 * Answer-cache figures on the Cranfield collection (1,400 abstracts, 225 questions), through the
 * engine facade (`engine.answers.ask(AskRequest.parse(…)).done`, tokens streamed as events). Prints figures; not a pass/fail test.
 *   npx tsx test/bench/cache.ts [workload size, default 2000] [cranfield dir]
 * 1. Hit latency p50/p95 by tier: memory (same process), SQLite (after a restart), Redis (a copy of
 *    the library with its local cache cleared; only when `redis-server` is installed).
 * 2. A replayed workload of repeated questions (Zipf-distributed over the 225 questions, with case
 *    and punctuation varied): hit rate, and total time with the cache against the same replay without it,
 *    answered extractively, then (a shorter replay) by a local model: the fake Ollama streaming at
 *    `QUARRY_BENCH_TOKEN_MS` (default 10) ms per token — a real 3B model on CPU is slower still.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import pino from 'pino';
import { createEngine, type Engine } from '../../src-main/engine';
import type { AnswerCacheSettings } from '../../src-main/engine/cache/cache-options';
import { startRedisServer } from '../support/redis-server';
import { startFakeOllama } from '../fakes/ollama-server';

const workloadSize = Number(process.argv[2] ?? 2000);
const dataset = process.argv[3] ?? new URL('../../../shared/data/cranfield', import.meta.url).pathname;
const logger = pino({ level: 'silent' });
const root = mkdtempSync(join(tmpdir(), 'quarry-bench-cache-'));

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

async function timedAsk(engine: Engine, question: string) {
  const started = performance.now();
  const result = await engine.answers.ask(AskRequest.parse({ question })).done;
  return { ms: performance.now() - started, result };
}

function open(dataDir: string, cache: AnswerCacheSettings = {}): Engine {
  return createEngine({ dataDir, logger, resumeJobs: false, cache });
}

function hasRedis(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const corpus = readFileSync(join(dataset, 'corpus.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { _id: string; title: string; text: string });
const questions = readFileSync(join(dataset, 'queries.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text);

const files = join(root, 'files');
mkdirSync(files);
for (const doc of corpus) writeFileSync(join(files, `${doc._id}.txt`), `${doc.title}\n\n${doc.text}\n`);
const dataDir = join(root, 'data');
let engine = open(dataDir);
const started = performance.now();
const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: [files] }));
const job = await engine.library.waitForJob(jobId);
console.log(`ingested ${job.documents} documents, ${job.chunks} chunks in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// 1. Hit latency by tier.
const misses: number[] = [];
for (const question of questions) misses.push((await timedAsk(engine, question)).ms);
const memoryHits: number[] = [];
for (let round = 0; round < 4; round++) for (const question of questions) memoryHits.push((await timedAsk(engine, question)).ms);
await engine.close();
engine = open(dataDir);
const sqliteHits: number[] = [];
for (const question of questions) {
  const { ms, result } = await timedAsk(engine, question);
  if (result.cacheTier !== 'sqlite') throw new Error(`expected an SQLite hit, got ${result.cache} ${result.cacheTier}`);
  sqliteHits.push(ms);
}
console.log(`\nanswer latency through engine.answers.ask(AskRequest.parse({})), ${questions.length} questions`);
console.log(`  miss (retrieve + extract):  p50 ${fmt(quantile(misses, 0.5))}  p95 ${fmt(quantile(misses, 0.95))}`);
console.log(
  `  hit, memory tier:           p50 ${fmt(quantile(memoryHits, 0.5))}  p95 ${fmt(quantile(memoryHits, 0.95))}  (${memoryHits.length} asks)`,
);
console.log(`  hit, SQLite tier (restart): p50 ${fmt(quantile(sqliteHits, 0.5))}  p95 ${fmt(quantile(sqliteHits, 0.95))}`);
await engine.close();

if (hasRedis()) {
  const redis = await startRedisServer();
  try {
    const writerDir = join(root, 'writer');
    mkdirSync(writerDir);
    copyFileSync(join(dataDir, 'library.sqlite'), join(writerDir, 'library.sqlite'));
    const readerDir = join(root, 'reader');
    mkdirSync(readerDir);
    copyFileSync(join(dataDir, 'library.sqlite'), join(readerDir, 'library.sqlite'));
    const teamCache: AnswerCacheSettings = { redis: { url: redis.url, namespace: 'bench' } };
    const writer = open(writerDir, teamCache);
    writer.cache.clear();
    for (const question of questions) await timedAsk(writer, question);
    await writer.close();
    const reader = open(readerDir, teamCache);
    reader.cache.clear();
    const redisHits: number[] = [];
    for (const question of questions) {
      const { ms, result } = await timedAsk(reader, question);
      if (result.cacheTier === 'redis') redisHits.push(ms);
    }
    console.log(
      `  hit, Redis tier (teammate): p50 ${fmt(quantile(redisHits, 0.5))}  p95 ${fmt(quantile(redisHits, 0.95))}  (${redisHits.length}/${questions.length} served)`,
    );
    await reader.close();
  } finally {
    await redis.stop();
  }
} else {
  console.log('  hit, Redis tier: skipped (redis-server not installed)');
}

// 2. A replayed workload: Zipf(s = 1) over the questions, asked with varied case and punctuation.
const weights = questions.map((_, rank) => 1 / (rank + 1));
const total = weights.reduce((a, b) => a + b, 0);
const order = [...questions].sort(() => random() - 0.5);
function draw(): string {
  let target = random() * total;
  for (const [rank, weight] of weights.entries()) {
    target -= weight;
    if (target <= 0) return order[rank]!;
  }
  return order[order.length - 1]!;
}
const variants = [(q: string) => q, (q: string) => `${q}?`, (q: string) => q.toUpperCase(), (q: string) => `  ${q.replace(/ /g, '  ')} `];
const workload = Array.from({ length: workloadSize }, () => variants[Math.floor(random() * variants.length)]!(draw()));

async function replay(asks: readonly string[], cache: AnswerCacheSettings, label: string, environment?: Record<string, string>) {
  const dir = join(root, label);
  mkdirSync(dir);
  copyFileSync(join(dataDir, 'library.sqlite'), join(dir, 'library.sqlite'));
  const replayEngine = createEngine({ dataDir: dir, logger, resumeJobs: false, cache, ...(environment ? { environment } : {}) });
  replayEngine.cache.clear();
  const begin = performance.now();
  let hits = 0;
  const providers = new Set<string>();
  for (const question of asks) {
    const { result } = await timedAsk(replayEngine, question);
    if (result.cache === 'hit') hits++;
    providers.add(result.route.provider);
  }
  const ms = performance.now() - begin;
  await replayEngine.close();
  return { ms, hits, providers: [...providers].join('+') };
}

async function report(asks: readonly string[], label: string, environment?: Record<string, string>) {
  const withCache = await replay(asks, {}, `${label}-with-cache`, environment);
  const withoutCache = await replay(asks, { enabled: false }, `${label}-without-cache`, environment);
  const distinct = new Set(asks.map((q) => q.toLowerCase().replace(/\s+/g, ' ').trim().replace(/\?$/, ''))).size;
  console.log(`\nreplayed workload, answered by ${withCache.providers}: ${asks.length} asks, ${distinct} distinct questions`);
  console.log(
    `  hit rate ${((withCache.hits / asks.length) * 100).toFixed(1)}% (best possible ${(((asks.length - distinct) / asks.length) * 100).toFixed(1)}%)`,
  );
  console.log(
    `  total with cache ${(withCache.ms / 1000).toFixed(2)} s, without ${(withoutCache.ms / 1000).toFixed(2)} s: speedup ${(withoutCache.ms / withCache.ms).toFixed(1)}×`,
  );
}
await report(workload, 'extractive');
const tokenMs = Number(process.env.QUARRY_BENCH_TOKEN_MS ?? 10);
const ollama = await startFakeOllama();
ollama.fail('/api/chat', { tokenDelayMs: tokenMs });
try {
  await report(workload.slice(0, Math.min(workload.length, 300)), 'ollama', { OLLAMA_HOST: ollama.url });
} finally {
  await ollama.close();
}

rmSync(root, { recursive: true, force: true });
