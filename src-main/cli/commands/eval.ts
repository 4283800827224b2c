import { SearchRequest } from '../../../src-shared/schemas/search';
import { IngestRequest } from '../../../src-shared/schemas/library';
import type { Command } from 'commander';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { createEngine } from '../../engine';
import { runBeirEval, type BeirEvalReport, type EvalLibraryFactory } from '../../engine/eval/run-beir-eval';
import { printJson, type GlobalOptions } from '../context';

/**
 * A fresh temporary engine fed through the real ingest pipeline: each record becomes a Markdown file
 * `# {title}\n\n{text}` named `<id>.md`, so the figures include reading, chunking and indexing.
 */
const engineLibrary: EvalLibraryFactory = async (corpus) => {
  const root = mkdtempSync(join(tmpdir(), 'quarry-eval-'));
  const corpusDir = join(root, 'corpus');
  mkdirSync(corpusDir);
  for (const record of corpus) {
    writeFileSync(join(corpusDir, `${record._id}.md`), record.title ? `# ${record.title}\n\n${record.text}\n` : `${record.text}\n`);
  }
  const engine = createEngine({ dataDir: join(root, 'data'), resumeJobs: false, monitor: { sample: false } });
  const close = async (): Promise<void> => {
    await engine.close();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: [corpusDir], collection: 'eval' }));
    const progress = await engine.library.waitForJob(jobId);
    if (progress.status !== 'done') throw new AppError('internal', `Ingesting the corpus ended as ${progress.status}.`);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    search: (request) => engine.search.query(SearchRequest.parse(request)),
    embedderId: () => engine.library.stats().embedder,
    close,
  };
};

function printReport(report: BeirEvalReport): void {
  const row = (name: string, scores: BeirEvalReport['keyword']): string =>
    `${name.padEnd(8)} ${scores['ndcg@10'].toFixed(4)}   ${scores['recall@100'].toFixed(4)}     ${scores['mrr@10'].toFixed(4)}`;
  process.stdout.write(
    [
      `${report.dataset}: ${report.documents} documents, ${report.queries} queries, embedder ${report.embedder ?? 'none'}`,
      `mode     nDCG@10  Recall@100 MRR@10   (fts5-ref: plain FTS5 BM25, OR query, document level)`,
      row('fts5-ref', report.reference),
      row('keyword', report.keyword),
      row('dense', report.dense),
      row('hybrid', report.hybrid),
      `ingestion ${report.ingestSeconds.toFixed(1)} s, hybrid query p50 ${report.queryMsP50.toFixed(1)} ms`,
      '',
    ].join('\n'),
  );
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('Score retrieval on a BEIR folder (corpus.jsonl, queries.jsonl, qrels/test.tsv) in a temporary library')
    .argument('<dir>', 'BEIR data set folder')
    .action(async (dir: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const report = await runBeirEval(dir, { library: engineLibrary });
      if (global.json) printJson(report);
      else printReport(report);
    });
}
