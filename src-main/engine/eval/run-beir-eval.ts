import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import type { SearchMode, SearchRequest, SearchResult } from '../../../src-shared/schemas/search';
import type { RetrievalCalibration } from '../retrieve/calibration';
import { createLibraryCalibrations } from '../retrieve/library-calibration';
import { createSearcher, type HybridSettings } from '../retrieve/searcher';
import { createVectorIndex } from '../embedding/vector-index';
import { openDatabase } from '../store/database';
import { readBeirDataset, type CorpusRecord } from './beir';
import { ingestRecordsDirectly } from './direct-ingest';
import { documentRanking, scoreRuns, type RetrievalScores } from './metrics';
import { referenceBm25Scores } from './reference-bm25';

export interface BeirEvalReport {
  readonly dataset: string;
  readonly queries: number;
  readonly documents: number;
  readonly embedder: string | null;
  readonly calibration?: RetrievalCalibration | null;
  /** Plain FTS5 BM25 over the raw corpus (see reference-bm25.ts): the baseline beside the three modes. */
  readonly reference: RetrievalScores;
  readonly keyword: RetrievalScores;
  readonly dense: RetrievalScores;
  readonly hybrid: RetrievalScores;
  readonly ingestSeconds: number;
  /** Median hybrid query time, the mode users get by default. */
  readonly queryMsP50: number;
}

/** A library holding the corpus, each record stored as a file named `<record id>.<ext>`. */
export interface EvalLibrary {
  search(request: z.output<typeof SearchRequest>): SearchResult | Promise<SearchResult>;
  embedderId(): string | null;
  /** How the library calibrated its fusion, where the factory can tell. */
  calibration?(): RetrievalCalibration | null;
  close(): void | Promise<void>;
}

/** Ingests the corpus into a fresh library (the engine's pipeline, or direct SQL) and returns it. */
export type EvalLibraryFactory = (corpus: readonly CorpusRecord[]) => Promise<EvalLibrary>;

const modes: readonly SearchMode[] = ['keyword', 'dense', 'hybrid'];

/**
 * A temporary library filled without the ingest pipeline: one chunk per record (see
 * ingestRecordsDirectly). Measures retrieval alone; the CLI's `quarry eval` goes through the engine.
 */
export function directEvalLibrary(hybrid?: Partial<HybridSettings>): EvalLibraryFactory {
  return async (corpus) => {
    const dir = mkdtempSync(join(tmpdir(), 'quarry-eval-'));
    const db = openDatabase(join(dir, 'library.sqlite'));
    const vectorIndex = createVectorIndex(db);
    await ingestRecordsDirectly(db, vectorIndex, corpus);
    const calibrations = createLibraryCalibrations(db, vectorIndex);
    const searcher = createSearcher({ db, vectorIndex, calibrations, ...(hybrid ? { hybrid } : {}) });
    return {
      search: (request) => searcher.search(request),
      embedderId: () => vectorIndex.activeEmbedderId(),
      calibration: () => calibrations.current(),
      close: () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

/** Ingests a BEIR corpus into a fresh library and scores every judged query in the three modes. */
export async function runBeirEval(dir: string, options: { readonly library?: EvalLibraryFactory } = {}): Promise<BeirEvalReport> {
  const dataset = readBeirDataset(dir);
  const ingestStarted = performance.now();
  const library = await (options.library ?? directEvalLibrary())(dataset.corpus);
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  try {
    const scores = {} as Record<SearchMode, RetrievalScores>;
    const hybridTimes: number[] = [];
    for (const mode of modes) {
      const runs = [];
      for (const query of dataset.queries) {
        const started = performance.now();
        const result = await library.search({ query: query.text, mode, limit: 100 });
        if (mode === 'hybrid') hybridTimes.push(performance.now() - started);
        // A document's corpus id is its file name without the extension.
        const ranking = documentRanking(result.hits.map((hit) => basename(hit.path).replace(/\.[^.]+$/, '')));
        runs.push({ ranking, judgements: dataset.qrels.get(query._id)! });
      }
      scores[mode] = scoreRuns(runs);
    }
    hybridTimes.sort((x, y) => x - y);
    return {
      dataset: basename(dir),
      queries: dataset.queries.length,
      documents: dataset.corpus.length,
      embedder: library.embedderId(),
      ...(library.calibration ? { calibration: library.calibration() } : {}),
      reference: referenceBm25Scores(dataset),
      keyword: scores.keyword,
      dense: scores.dense,
      hybrid: scores.hybrid,
      ingestSeconds,
      queryMsP50: hybridTimes[Math.floor(hybridTimes.length / 2)] ?? 0,
    };
  } finally {
    await library.close();
  }
}
