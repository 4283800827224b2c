import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SearchMode } from '../../../src-shared/schemas/search';
import { createSearcher, type HybridSettings } from '../retrieve/searcher';
import { createVectorIndex, type LibraryVectorIndex } from '../retrieve/vector-index';
import { openDatabase, type Db } from '../store/database';
import { readBeirDataset, type CorpusRecord } from './beir';
import { ingestRecordsDirectly } from './direct-ingest';
import { documentRanking, scoreRuns, type RetrievalScores } from './metrics';

export interface BeirEvalReport {
  readonly dataset: string;
  readonly queries: number;
  readonly documents: number;
  readonly chunks: number;
  readonly embedder: string | null;
  readonly keyword: RetrievalScores;
  readonly dense: RetrievalScores;
  readonly hybrid: RetrievalScores;
  readonly ingestSeconds: number;
  /** Median hybrid query time, the mode users get by default. */
  readonly queryMsP50: number;
}

export interface BeirEvalOptions {
  /** Stores the corpus in a fresh library; defaults to one chunk per record written directly. */
  readonly ingest?: (db: Db, vectorIndex: LibraryVectorIndex, corpus: readonly CorpusRecord[]) => Promise<void>;
  readonly hybrid?: Partial<HybridSettings>;
  /** Library folder; a temporary one (deleted afterwards) when absent. */
  readonly dataDir?: string;
}

const modes: readonly SearchMode[] = ['keyword', 'dense', 'hybrid'];

/** Ingests a BEIR corpus into a fresh library and scores every judged query in the three modes. */
export async function runBeirEval(dir: string, options: BeirEvalOptions = {}): Promise<BeirEvalReport> {
  const dataset = readBeirDataset(dir);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'quarry-eval-'));
  const db = openDatabase(join(dataDir, 'library.sqlite'));
  try {
    const vectorIndex = createVectorIndex(db);
    const ingestStarted = performance.now();
    await (options.ingest ?? ingestRecordsDirectly)(db, vectorIndex, dataset.corpus);
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;

    // A document's corpus id is its file name without the extension.
    const recordIdOfChunk = new Map<number, string>();
    for (const row of db.prepare('SELECT c.id, d.path FROM chunks c JOIN documents d ON d.id = c.document_id').all() as { id: number; path: string }[]) {
      recordIdOfChunk.set(row.id, basename(row.path).replace(/\.[^.]+$/, ''));
    }
    const searcher = createSearcher({ db, vectorIndex, ...(options.hybrid ? { hybrid: options.hybrid } : {}) });
    const scores = {} as Record<SearchMode, RetrievalScores>;
    const hybridTimes: number[] = [];
    for (const mode of modes) {
      const runs = dataset.queries.map((query) => {
        const started = performance.now();
        const result = searcher.search({ query: query.text, mode, limit: 100 });
        if (mode === 'hybrid') hybridTimes.push(performance.now() - started);
        const ranking = documentRanking(result.hits.map((hit) => recordIdOfChunk.get(hit.chunkId) ?? `chunk:${hit.chunkId}`));
        return { ranking, judgements: dataset.qrels.get(query._id)! };
      });
      scores[mode] = scoreRuns(runs);
    }
    hybridTimes.sort((x, y) => x - y);
    return {
      dataset: basename(dir),
      queries: dataset.queries.length,
      documents: Number(db.prepare('SELECT count(*) FROM documents').pluck().get()),
      chunks: recordIdOfChunk.size,
      embedder: vectorIndex.activeEmbedderId(),
      keyword: scores.keyword,
      dense: scores.dense,
      hybrid: scores.hybrid,
      ingestSeconds,
      queryMsP50: hybridTimes[Math.floor(hybridTimes.length / 2)] ?? 0,
    };
  } finally {
    db.close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
