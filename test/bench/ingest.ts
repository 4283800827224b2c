import { SearchRequest } from '../../src-shared/schemas/search';
import { IngestRequest } from '../../src-shared/schemas/library';
/**
 * End-to-end ingestion through the engine facade with the built-in embedder: plain-text files of
 * Cranfield sentences → read, chunk, keyword index, fit and vector build. Prints chunks/s and the
 * peak RSS, then query latency per mode on the library it built (the 225 Cranfield questions).
 * Run: npx tsx test/bench/ingest.ts [chunks ≈ 100000] [dataset dir]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createEngine } from '../../src-main/engine';
import { readBeirDataset } from '../../src-main/engine/eval/beir';
import { gaussianGenerator } from '../../src-main/engine/embedding/builtin/randomized-svd';
import { denseSearch, topByCosine } from '../../src-main/engine/retrieve/dense-search';
import { createLibraryCalibrations } from '../../src-main/engine/retrieve/library-calibration';
import { createSearcher } from '../../src-main/engine/retrieve/searcher';
import { VectorCache } from '../../src-main/engine/embedding/vector-cache';
import { createVectorIndex } from '../../src-main/engine/embedding/vector-index';
import { openDatabase } from '../../src-main/engine/store/database';
import { vectorTables } from '../../src-main/engine/store/vectors';

const targetChunks = Number(process.argv[2] ?? 100_000);
const dataset = readBeirDataset(process.argv[3] ?? new URL('../../../shared/data/cranfield', import.meta.url).pathname);
const sentences = dataset.corpus.flatMap((record) => record.text.split(/\s+\.\s+|\.\s+/).filter((s) => s.split(' ').length > 4));
const normal = gaussianGenerator(7);
const pick = (): string => sentences[Math.floor(0.5 * (1 + Math.tanh(normal())) * (sentences.length - 1))]!;

// Paragraphs of ~200 tokens, so the chunker (256-token target) makes about one chunk per paragraph.
const paragraphsPerFile = 100;
const files = Math.ceil(targetChunks / paragraphsPerFile);
const root = mkdtempSync(join(tmpdir(), 'quarry-ingest-bench-'));
const docs = join(root, 'docs');
mkdirSync(docs);
let bytes = 0;
for (let f = 0; f < files; f++) {
  const paragraphs = Array.from({ length: paragraphsPerFile }, () => {
    let text = '';
    while (text.split(' ').length < 150) text += `${pick()}. `;
    return text.trim();
  });
  const body = paragraphs.join('\n\n');
  bytes += body.length;
  writeFileSync(join(docs, `report-${f}.txt`), body);
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
const engine = createEngine({ dataDir: join(root, 'data'), logger: pino({ level: 'silent' }) });
try {
  const started = performance.now();
  const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: [docs] }));
  const final = await engine.library.waitForJob(jobId);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const stats = engine.library.stats();
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  console.log('files  MB    chunks  seconds  chunks/s  peak RSS MB  embedder');
  console.log(
    [
      final.documents,
      (bytes / 2 ** 20).toFixed(0),
      stats.chunks,
      seconds.toFixed(1),
      (stats.chunks / seconds).toFixed(0),
      (peakRss / 2 ** 20).toFixed(0),
      stats.embedder,
    ].join('  '),
  );
  if (final.failed.length > 0) console.log('failures:', final.failed.slice(0, 3));

  const questions = dataset.queries.map((query) => query.text);
  console.log('\nmode                                   p50 ms  p95 ms  cpu ms/q  (225 questions, limit 10, after 20 warm-up queries)');
  const measure = async (name: string, search: (query: string) => unknown): Promise<void> => {
    for (const query of questions.slice(0, 20)) await search(query);
    const times: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (const query of questions) {
      const t = performance.now();
      await search(query);
      times.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpuBefore);
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    console.log(
      `${name.padEnd(38)} ${at(0.5).padStart(7)} ${at(0.95).padStart(7)} ${((cpu.user + cpu.system) / 1000 / questions.length).toFixed(1).padStart(9)}`,
    );
  };
  for (const mode of ['keyword', 'dense', 'hybrid'] as const)
    await measure(mode, (query) => engine.search.query(SearchRequest.parse({ query, mode, limit: 10 })));
  {
    // The calibrated settings may leave dense retrieval out; this row is the cost of everything on.
    const db = openDatabase(engine.library.location.libraryFile);
    const vectorIndex = createVectorIndex(db);
    console.log(`calibration: ${JSON.stringify(createLibraryCalibrations(db, vectorIndex).current())}`);
    const everything = createSearcher({ db, vectorIndex, hybrid: { denseWeight: 1, feedbackChunks: 5 }, rerank: true });
    await measure('hybrid, dense 1 + feedback + rerank', (query) =>
      everything.search(SearchRequest.parse({ query, mode: 'hybrid', limit: 10 })),
    );
    db.close();
  }

  // Recall@10 of the dense path (first pass on the leading dimensions + exact re-scoring) against an exact scan.
  const db = openDatabase(engine.library.location.libraryFile);
  try {
    const embedder = createVectorIndex(db).activeEmbedder()!;
    const cache = new VectorCache(db, vectorTables(embedder.id));
    const all = [...cache.current()];
    const candidateCounts = [1000, 2000, 4000, 8000];
    const recall = new Map(candidateCounts.map((count) => [count, { sum: 0, ms: 0 }]));
    for (const question of questions) {
      const vector = embedder.embedSync([question])[0]!;
      const exact = new Set(topByCosine(vector, all, 10).map((hit) => hit.chunkId));
      for (const count of candidateCounts) {
        const t = performance.now();
        const found = denseSearch(db, cache, vector, { limit: 10, filters: {}, minCandidates: count });
        const entry = recall.get(count)!;
        entry.ms += performance.now() - t;
        entry.sum += found.filter((hit) => exact.has(hit.chunkId)).length / Math.max(1, exact.size);
      }
    }
    for (const [count, entry] of recall) {
      console.log(
        `dense recall@10 vs exact scan, ${count} first-pass candidates: ${(entry.sum / questions.length).toFixed(3)} (${(entry.ms / questions.length).toFixed(1)} ms/query)`,
      );
    }
  } finally {
    db.close();
  }
} finally {
  clearInterval(sampler);
  await engine.close();
  rmSync(root, { recursive: true, force: true });
}
