import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import type { Judgements } from './metrics';

const CorpusRecord = z.object({
  _id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().default(''),
  text: z.string(),
});
const QueryRecord = z.object({ _id: z.union([z.string(), z.number()]).transform(String), text: z.string() });

export type CorpusRecord = z.output<typeof CorpusRecord>;
export type QueryRecord = z.output<typeof QueryRecord>;

/** A BEIR data set: corpus, queries that have judgements, and the judgements (qrels) of one split. */
export interface BeirDataset {
  readonly corpus: readonly CorpusRecord[];
  readonly queries: readonly QueryRecord[];
  readonly qrels: ReadonlyMap<string, Judgements>;
}

/** Reads `corpus.jsonl`, `queries.jsonl` and `qrels/<split>.tsv` from a BEIR folder. */
export function readBeirDataset(dir: string, split = 'test'): BeirDataset {
  const corpus = readJsonLines(join(dir, 'corpus.jsonl'), CorpusRecord);
  const qrels = readQrels(join(dir, 'qrels', `${split}.tsv`));
  const queries = readJsonLines(join(dir, 'queries.jsonl'), QueryRecord).filter((query) => qrels.has(query._id));
  return { corpus, queries, qrels };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('not-found', `Cannot read ${file}: not a BEIR folder?`, { cause: String(error) });
  }
}

function readJsonLines<T extends z.ZodType>(file: string, schema: T): z.output<T>[] {
  return readText(file)
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new AppError('validation', `${file}:${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** Judgements per query; a header line ("query-id corpus-id score") is skipped. */
export function parseQrels(text: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  for (const line of text.split('\n')) {
    const [queryId, documentId, score] = line.trim().split('\t');
    if (queryId === undefined || documentId === undefined || score === undefined) continue;
    const gain = Number(score);
    if (!Number.isFinite(gain)) continue; // the header
    let judgements = qrels.get(queryId);
    if (!judgements) qrels.set(queryId, (judgements = new Map()));
    judgements.set(documentId, gain);
  }
  return qrels;
}

function readQrels(file: string): Map<string, Map<string, number>> {
  return parseQrels(readText(file));
}
