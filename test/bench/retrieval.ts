/**
 * Retrieval benchmark over a synthetic 100,000-chunk library built from recombined Cranfield
 * sentences. Prints fit/build times, query latency per mode and recall@10 of the dense path against
 * an exact scan. Run: npx tsx test/bench/retrieval.ts [chunks] [dataset dir]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBeirDataset, type CorpusRecord } from '../../src-main/engine/eval/beir';
import { ingestRecordsDirectly } from '../../src-main/engine/eval/direct-ingest';
import { gaussianGenerator } from '../../src-main/engine/embedding/builtin/randomized-svd';
import { denseSearch, topByCosine } from '../../src-main/engine/retrieve/dense-search';
import { createSearcher } from '../../src-main/engine/retrieve/searcher';
import { createVectorIndex } from '../../src-main/engine/embedding/vector-index';
import { VectorCache } from '../../src-main/engine/embedding/vector-cache';
import { openDatabase } from '../../src-main/engine/store/database';
import { vectorTables } from '../../src-main/engine/store/vectors';

const chunkCount = Number(process.argv[2] ?? 100_000);
const dataset = readBeirDataset(process.argv[3] ?? new URL('../../../shared/data/cranfield', import.meta.url).pathname);

// Seeded uniform numbers from the same generator the embedder uses, so the library is reproducible.
const normal = gaussianGenerator(42);
const uniform = (): number => 0.5 * (1 + Math.tanh(normal()));
const pick = <T>(items: readonly T[]): T => items[Math.min(items.length - 1, Math.floor(uniform() * items.length))]!;

const sentences = dataset.corpus.flatMap((record) => record.text.split(/\s+\.\s+|\.\s+/).filter((s) => s.split(' ').length > 4));
const records: CorpusRecord[] = Array.from({ length: chunkCount }, (_, i) => {
  const length = 3 + Math.floor(uniform() * 6);
  return { _id: String(i), title: pick(dataset.corpus).title, text: Array.from({ length }, () => pick(sentences)).join('. ') + '.' };
});

const dir = mkdtempSync(join(tmpdir(), 'quarry-bench-'));
const db = openDatabase(join(dir, 'library.sqlite'));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
try {
  const index = createVectorIndex(db);
  // One job: chunks written with keywords only (no embedder yet), then the first fit and the build.
  const started = performance.now();
  const half = Math.floor(chunkCount / 2);
  await ingestRecordsDirectly(db, index, records.slice(0, half), { collection: 'a' });
  await ingestRecordsDirectly(db, index, records.slice(half), { collection: 'b' });
  const ingestSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage();
  const embedder = index.activeEmbedder()!;
  clearInterval(sampler);

  const searcher = createSearcher({ db, vectorIndex: index });
  const queries = dataset.queries.map((query) => query.text);
  const latency = (mode: 'keyword' | 'dense' | 'hybrid', extra: Record<string, unknown> = {}): string => {
    for (const query of queries.slice(0, 20)) searcher.search({ query, mode, limit: 10, ...extra }); // warm up
    const cpuBefore = process.cpuUsage();
    const times = queries.map((query) => {
      const t = performance.now();
      searcher.search({ query, mode, limit: 10, ...extra });
      return performance.now() - t;
    });
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000 / queries.length;
    times.sort((x, y) => x - y);
    const at = (q: number): string => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    return `${at(0.5).padStart(6)} ${at(0.95).padStart(6)} ${cpuMs.toFixed(1).padStart(8)}`;
  };

  const tables = vectorTables(embedder.id);
  const cache = new VectorCache(db, tables);
  const all = [...cache.current()];
  let recallSum = 0;
  let exactMs = 0;
  for (const query of queries) {
    const vector = embedder.embedSync([query])[0]!;
    const t = performance.now();
    const exact = new Set(topByCosine(vector, all, 10).map((hit) => hit.chunkId));
    exactMs += performance.now() - t;
    const approximate = denseSearch(db, cache, vector, { limit: 10, filters: {} });
    recallSum += approximate.filter((hit) => exact.has(hit.chunkId)).length / Math.max(1, exact.size);
  }

  const rows = [
    ['keyword', latency('keyword')],
    ['dense', latency('dense')],
    ['hybrid (RRF + PRF)', latency('hybrid')],
    ['hybrid, collection filter', latency('hybrid', { collection: 'a' })],
    ['dense, path filter (1%)', latency('dense', { pathPrefix: '1' + '0'.repeat(Math.max(0, String(chunkCount).length - 3)) })],
  ];
  console.log(`library: ${chunkCount} chunks, embedder ${embedder.id}; process CPU so far ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
  console.log(
    `direct ingestion (two jobs: keyword-only + fit + build, then embed on arrival + refit + rebuild): ${ingestSeconds.toFixed(1)} s wall = ${(chunkCount / ingestSeconds).toFixed(0)} chunks/s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  );
  console.log(
    `\nload average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores (wall times include waiting for the CPU; cpu ms/q does not)`,
  );
  console.log('mode                         p50 ms p95 ms cpu ms/q');
  for (const [name, figures] of rows) console.log(`${name!.padEnd(28)} ${figures}`);
  console.log(
    `\ndense recall@10 vs exact scan: ${(recallSum / queries.length).toFixed(3)} (exact JS scan: ${(exactMs / queries.length).toFixed(1)} ms/query)`,
  );
} finally {
  clearInterval(sampler);
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
