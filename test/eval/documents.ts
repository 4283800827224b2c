/**
 * Document evaluation: ingests the files of a folder through the engine, one job per file type, and
 * prints per type the files, how many were ingested, failures by error code, word recall against
 * poppler's `pdftotext` (PDF) and `pandoc` (DOCX, HTML) where those are installed, pages/s for
 * paged types and the process's peak RSS. Figures, not pass/fail.
 *
 *   npx tsx test/eval/documents.ts <folder> [--sample N] [--max-mb M] [--json]
 *
 * --sample N keeps N files per type, spread evenly over the sorted list (the same files every run);
 * --max-mb leaves out larger files (default 50). Word recall: the share of the reference's distinct
 * words (tokenized as the index tokenizes) that Quarry's stored text holds; per type its median and
 * mean over the files both extractors read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../src-main/engine';
import { collectFiles } from '../../src-main/engine/ingest/collect-files';
import { fileTypeOf } from '../../src-main/engine/ingest/readers';
import { words } from '../../src-main/engine/text/terms';
import { DocumentFilter, IngestRequest } from '../../src-shared/schemas/library';

interface TypeReport {
  type: string;
  files: number;
  ingested: number;
  failed: Record<string, number>;
  warned: number;
  recallFiles: number;
  recallMedian: number | null;
  recallMean: number | null;
  lowRecall: string[];
  pages: number;
  seconds: number;
  pagesPerSecond: number | null;
  peakRssMb: number;
}

const args = process.argv.slice(2);
const folder = args.find((arg, index) => !arg.startsWith('--') && !/^--/.test(args[index - 1] ?? '')) ?? '';
const option = (name: string): number | null => {
  const index = args.indexOf(name);
  return index === -1 ? null : Number(args[index + 1]);
};
if (folder.length === 0) {
  console.error('usage: npx tsx test/eval/documents.ts <folder> [--sample N] [--max-mb M] [--json]');
  process.exit(2);
}
const sample = option('--sample');
const maxBytes = (option('--max-mb') ?? 50) * 1024 * 1024;

/** Every n-th file so that `count` remain, spread over the whole sorted list. */
function spread<T>(items: readonly T[], count: number | null): T[] {
  if (count === null || items.length <= count) return [...items];
  return Array.from({ length: count }, (_, index) => items[Math.floor((index * items.length) / count)] as T);
}

function hasTool(tool: string): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const tools = { pdftotext: hasTool('pdftotext'), pandoc: hasTool('pandoc') };

/** The reference extractor's text for a file, or null when none applies or it fails. */
function referenceText(path: string, type: string): string | null {
  const run = (command: string, commandArgs: string[]): string | null => {
    try {
      return execFileSync(command, commandArgs, {
        encoding: 'utf8',
        timeout: 30_000,
        maxBuffer: 256 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      return null;
    }
  };
  if (type === 'pdf' && tools.pdftotext) return run('pdftotext', ['-enc', 'UTF-8', path, '-']);
  if (type === 'docx' && tools.pandoc) return run('pandoc', ['-f', 'docx', '-t', 'plain', '--wrap=none', path]);
  if (type === 'html' && tools.pandoc) return run('pandoc', ['-f', 'html', '-t', 'plain', '--wrap=none', path]);
  return null;
}

/** Share of the reference's distinct words found in Quarry's text; null when the reference has none. */
function wordRecall(reference: string, ours: string): number | null {
  const expected = new Set(words(reference));
  if (expected.size === 0) return null;
  const found = new Set(words(ours));
  let hits = 0;
  for (const word of expected) if (found.has(word)) hits += 1;
  return hits / expected.size;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const collected = await collectFiles([folder], (path) => fileTypeOf(path) !== null);
const byType = new Map<string, string[]>();
for (const file of collected.files) {
  if (statSync(file.path).size > maxBytes) continue;
  const type = fileTypeOf(file.path) as string;
  byType.set(type, [...(byType.get(type) ?? []), file.path]);
}

const dataDir = mkdtempSync(join(tmpdir(), 'quarry-doc-eval-'));
const engine = createEngine({ dataDir });
const reports: TypeReport[] = [];
try {
  for (const [type, all] of [...byType.entries()].sort(([left], [right]) => left.localeCompare(right))) {
    const paths = spread(all.sort(), sample);
    const started = performance.now();
    const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths, collection: type }));
    const job = await engine.library.waitForJob(jobId);
    const seconds = (performance.now() - started) / 1000;
    const failed: Record<string, number> = {};
    for (const failure of job.failed) failed[failure.code] = (failed[failure.code] ?? 0) + 1;
    const documents = engine.library.documents(DocumentFilter.parse({ collection: type, limit: 10_000 }));
    const recalls: number[] = [];
    const lowRecall: string[] = [];
    for (const doc of documents) {
      const reference = referenceText(doc.path, type);
      const recall = reference === null ? null : wordRecall(reference, engine.library.documentText(doc.id));
      if (recall === null) continue;
      recalls.push(recall);
      if (recall < 0.8) lowRecall.push(`${doc.path.split('/').pop()} ${recall.toFixed(2)}`);
    }
    const pages = documents.reduce((sum, doc) => sum + (doc.pages ?? 0), 0);
    reports.push({
      type,
      files: paths.length,
      ingested: job.documents,
      failed,
      warned: (job as { warned?: unknown[] }).warned?.length ?? 0,
      recallFiles: recalls.length,
      recallMedian: median(recalls),
      recallMean: recalls.length === 0 ? null : recalls.reduce((a, b) => a + b, 0) / recalls.length,
      lowRecall,
      pages,
      seconds,
      pagesPerSecond: pages > 0 ? pages / seconds : null,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    });
  }
} finally {
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const fixed = (value: number | null, digits = 2): string => (value === null ? '—' : value.toFixed(digits));
if (args.includes('--json')) {
  console.log(JSON.stringify({ folder, sample, tools, reports }, null, 2));
} else {
  console.log(`| type | files | ingested | failed by code | warned | recall median / mean (files) | pages/s | peak RSS MB |`);
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const report of reports) {
    const failures =
      Object.entries(report.failed)
        .map(([code, count]) => `${code} ${count}`)
        .join(', ') || '—';
    const recall = report.recallFiles === 0 ? '—' : `${fixed(report.recallMedian)} / ${fixed(report.recallMean)} (${report.recallFiles})`;
    console.log(
      `| ${report.type} | ${report.files} | ${report.ingested} | ${failures} | ${report.warned} | ${recall} | ${fixed(report.pagesPerSecond, 1)} | ${report.peakRssMb.toFixed(0)} |`,
    );
  }
  for (const report of reports)
    if (report.lowRecall.length > 0) console.log(`${report.type} below 0.8 recall: ${report.lowRecall.join('; ')}`);
}
