/**
 * Citation stability and cost of re-indexing, on Cranfield and LISA records grouped into Markdown
 * documents (one section per record, 20 records a document). Prints, per collection: chunks kept
 * by a forced re-index of unchanged files, and by a re-index after one section of every document
 * was rewritten, with the time each took. Prints figures; not a pass/fail test.
 *   npx tsx test/bench/reindex.ts [documents]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { createEngine } from '../../src-main/engine';
import { IngestRequest } from '../../src-shared/schemas/library';
import { readBeirDataset, type CorpusRecord } from '../../src-main/engine/eval/beir';

const documentCount = Number(process.argv[2] ?? 40);
const perDocument = 20;

function markdown(records: readonly CorpusRecord[]): string {
  return records.map((record, index) => `## ${record.title || `Record ${record._id}`} (${index + 1})\n\n${record.text}`).join('\n\n');
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

async function measure(name: string): Promise<void> {
  const dataset = readBeirDataset(new URL(`../../../shared/data/${name}`, import.meta.url).pathname);
  const root = mkdtempSync(join(tmpdir(), 'quarry-bench-reindex-'));
  try {
    const folder = join(root, 'docs');
    mkdirSync(folder);
    const groups = Array.from({ length: documentCount }, (_, index) =>
      dataset.corpus.slice(index * perDocument, (index + 1) * perDocument),
    );
    groups.forEach((records, index) => writeFileSync(join(folder, `${name}-${index}.md`), markdown(records)));
    const engine = createEngine({
      dataDir: join(root, 'data'),
      resumeJobs: false,
      logger: pino({ level: 'silent' }),
      monitor: { sample: false },
    });
    const ingest = (force: boolean) =>
      timed(async () => engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [folder], force }))).jobId));
    // Read beside the engine, as any reader of the WAL-mode file may.
    const ids = () => {
      const reader = new Database(engine.library.location.libraryFile, { readonly: true });
      try {
        return new Set(reader.prepare('SELECT id FROM chunks').pluck().all() as number[]);
      } finally {
        reader.close();
      }
    };
    const first = await ingest(false);
    const before = ids();
    const forced = await ingest(true);
    const afterForce = ids();
    // Rewrite one section in every document: the record in the middle takes another record's text.
    const spare = dataset.corpus.slice(documentCount * perDocument);
    groups.forEach((records, index) => {
      const edited = [...records];
      edited[perDocument / 2] = { ...records[perDocument / 2]!, text: spare[index % spare.length]!.text };
      writeFileSync(join(folder, `${name}-${index}.md`), markdown(edited));
    });
    const changed = await ingest(false);
    const afterEdit = ids();
    const kept = (a: Set<number>, b: Set<number>) => [...a].filter((id) => b.has(id)).length;
    console.log(
      `${name.padEnd(9)} ${documentCount} documents, ${before.size} chunks; first ingest ${(first.ms / 1000).toFixed(1)} s\n` +
        `  force re-index, unchanged: ${forced.value.skipped} skipped, ${kept(before, afterForce)}/${before.size} chunk ids kept, ${(forced.ms / 1000).toFixed(2)} s\n` +
        `  one section rewritten per document: ${kept(afterForce, afterEdit)}/${afterForce.size} ids kept, ${afterEdit.size - kept(afterForce, afterEdit)} new chunks, ${(changed.ms / 1000).toFixed(2)} s`,
    );
    await engine.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

console.log(
  `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')} (shared machine)`,
);
for (const name of ['cranfield', 'lisa']) await measure(name);
