import { IngestRequest } from '../../src-shared/schemas/library';
import { AskRequest } from '../../src-shared/schemas/answer';
/**
 * Monitoring costs, printed (not a pass/fail test):
 *   npx tsx test/bench/monitor.ts [documents, default 1400] [cranfield dir]
 * 1. Metric collection overhead per question: the events of real answers (Cranfield questions asked
 *    through engine.answers.ask with the answer cache off) are recorded, then replayed through a fresh
 *    metrics feed many times; µs per question and per event. Beside it, the answer latency itself.
 * 2. The sampler's cost per interval on that engine (collect + write + roll-up), and
 * 3. a simulated day of samples: write per pass, the once-a-minute roll-up, file size, range queries.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createEngine } from '../../src-main/engine';
import type { EventPayload, EventType } from '../../src-shared/contract';
import { defineMetrics } from '../../src-main/engine/monitor/metric-definitions';
import { createMetricsFeed } from '../../src-main/engine/monitor/metrics-feed';
import { createSeriesStore } from '../../src-main/engine/monitor/series-store';
import { openDatabase } from '../../src-main/engine/store/database';
import { RetentionSettings } from '../../src-shared/schemas/monitor';

const documentCount = Number(process.argv[2] ?? 1400);
const dataset = process.argv[3] ?? new URL('../../../shared/data/cranfield', import.meta.url).pathname;
const logger = pino({ level: 'silent' });
const root = mkdtempSync(join(tmpdir(), 'quarry-bench-monitor-'));

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const corpus = readFileSync(join(dataset, 'corpus.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, documentCount)
  .map((line) => JSON.parse(line) as { _id: string; title: string; text: string });
const questions = readFileSync(join(dataset, 'queries.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text);

const files = join(root, 'files');
mkdirSync(files);
for (const doc of corpus) writeFileSync(join(files, `${doc._id}.txt`), `${doc.title}\n\n${doc.text}\n`);
const engine = createEngine({
  dataDir: join(root, 'data'),
  logger,
  resumeJobs: false,
  cache: { enabled: false },
  monitor: { sample: false },
});
const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: [files] }));
const job = await engine.library.waitForJob(jobId);
console.log(`library: ${job.documents} documents, ${job.chunks} chunks (Cranfield)`);

// 1. Record the events of real answers.
const recorded: [EventType, unknown][] = [];
const stop = engine.events.onAny((type, payload) => {
  if (type.startsWith('answer.')) recorded.push([type, payload]);
});
const askMs: number[] = [];
for (const question of questions) {
  const started = performance.now();
  await engine.answers.ask(AskRequest.parse({ question })).done;
  askMs.push(performance.now() - started);
}
stop();
const perQuestionEvents = recorded.length / questions.length;

const feed = createMetricsFeed(defineMetrics(new Registry()));
const replay = () => {
  for (const [type, payload] of recorded) feed.handle(type, payload as EventPayload<typeof type>);
};
for (let i = 0; i < 5; i++) replay();
const rounds = 40;
const replayStarted = performance.now();
for (let i = 0; i < rounds; i++) replay();
const replayMs = performance.now() - replayStarted;
const usPerQuestion = (replayMs * 1000) / (rounds * questions.length);
console.log(
  `\n1. metric collection per question (${questions.length} Cranfield questions, ${perQuestionEvents.toFixed(0)} events each, replayed ×${rounds})`,
);
console.log(`   ${usPerQuestion.toFixed(1)} µs per question, ${((replayMs * 1e6) / (rounds * recorded.length)).toFixed(0)} ns per event`);
console.log(
  `   for scale: engine.answers.ask(AskRequest.parse({})) p50 ${quantile(askMs, 0.5).toFixed(2)} ms, p95 ${quantile(askMs, 0.95).toFixed(2)} ms → overhead ${((usPerQuestion / 1000 / quantile(askMs, 0.5)) * 100).toFixed(2)} % of a median answer`,
);

// 2. The sampler on this engine, steady state (compaction runs on the first pass, then once a minute).
await engine.monitor.sampleNow();
const passes = [];
for (let i = 0; i < 60; i++) passes.push(await engine.monitor.sampleNow());
const total = passes.map((pass) => pass.collectMs + pass.writeMs + pass.compactMs);
console.log(`\n2. sampler pass on this engine (${passes[0]!.series} series per sample, 60 passes)`);
console.log(
  `   p50 ${quantile(total, 0.5).toFixed(2)} ms (collect ${quantile(
    passes.map((pass) => pass.collectMs),
    0.5,
  ).toFixed(2)} ms, write ${quantile(
    passes.map((pass) => pass.writeMs),
    0.5,
  ).toFixed(
    2,
  )} ms), p95 ${quantile(total, 0.95).toFixed(2)} ms; at the default 10 s interval that is ${((quantile(total, 0.5) / 10_000) * 100).toFixed(3)} % of one core`,
);
const seriesPerSample = passes[0]!.series;
await engine.close();

// 3. A day of raw samples: compaction and a 24 h query.
const dayFile = join(root, 'day.sqlite');
const db = openDatabase(dayFile);
const store = createSeriesStore(db, () => RetentionSettings.parse({}));
const day0 = Date.UTC(2026, 0, 1);
const samples = Array.from({ length: seriesPerSample }, (_, i) => ({
  name: i % 3 === 0 ? 'quarry_answers_total' : `quarry_bench_series_${i}`,
  labels: i % 3 === 0 ? JSON.stringify({ provider: `p${i}` }) : '',
  kind: (i % 3 === 0 ? 'counter' : 'gauge') as 'counter' | 'gauge',
  value: 0,
}));
const writeMs: number[] = [];
const compactMs: number[] = [];
for (let pass = 0; pass < 8640; pass++) {
  const at = day0 + pass * 10_000;
  let started = performance.now();
  store.write(
    samples.map((sample, i) => ({ ...sample, value: sample.kind === 'counter' ? pass * (i + 1) : Math.sin(pass / 100 + i) })),
    at,
  );
  writeMs.push(performance.now() - started);
  // As the sampler does: roll up and apply retention once a minute.
  if (pass % 6 === 5) {
    started = performance.now();
    store.compact(at);
    compactMs.push(performance.now() - started);
  }
}
const now = day0 + 86_400_000;
const timeQuery = (from: number, step: number) => {
  const started = performance.now();
  const result = store.query({ metric: 'quarry_answers_total', aggregation: 'rate', from, to: now, step, byLabels: false }, now);
  return { ms: performance.now() - started, result };
};
const lastDay = timeQuery(now - 86_400_000 + 1, 720_000);
const lastHour = timeQuery(now - 3_600_000, 30_000);
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
console.log(
  `\n3. a simulated day at 10 s (${seriesPerSample} series × 8,640 passes = ${(seriesPerSample * 8640).toLocaleString()} raw points), with the per-minute roll-up`,
);
console.log(
  `   write per pass p50 ${(quantile(writeMs, 0.5) * 1000).toFixed(0)} µs, p95 ${(quantile(writeMs, 0.95) * 1000).toFixed(0)} µs`,
);
console.log(
  `   roll-up + retention per minute p50 ${quantile(compactMs, 0.5).toFixed(2)} ms, p95 ${quantile(compactMs, 0.95).toFixed(2)} ms`,
);
console.log(`   library file after a day: ${(statSync(dayFile).size / 1048576).toFixed(1)} MB`);
console.log(
  `   rate of a counter with ${samples.filter((sample) => sample.kind === 'counter').length} label sets: 24 h at 12 min steps ${lastDay.ms.toFixed(1)} ms (resolution ${lastDay.result.resolution / 1000} s), 1 h at 30 s steps ${lastHour.ms.toFixed(1)} ms (raw)`,
);
rmSync(root, { recursive: true, force: true });
