/**
 * End-to-end ingestion through the engine facade with the built-in embedder: plain-text files of
 * Cranfield sentences → read, chunk, keyword index, fit and vector build. Prints chunks/s and the
 * peak RSS. Run: npx tsx test/bench/ingest.ts [chunks ≈ 100000] [dataset dir]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createEngine } from '../../src-main/engine';
import { readBeirDataset } from '../../src-main/engine/eval/beir';
import { gaussianGenerator } from '../../src-main/engine/providers/builtin/randomized-svd';

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
  const { jobId } = await engine.ingest({ paths: [docs] });
  const final = await engine.waitForJob(jobId);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const stats = engine.stats();
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
} finally {
  clearInterval(sampler);
  await engine.close();
  rmSync(root, { recursive: true, force: true });
}
