import { stem, words } from '../text/terms';
import { bm25Idf, bm25TermScore } from './bm25';
import { feedbackVector } from './feedback';
import { reciprocalRankFusion } from './fusion';
import { queryTerms } from './keyword-search';
import { makePseudoQueries, type PseudoQuerySet } from './pseudo-queries';
import { questionPairs, rerankByProximity } from './rerank';

/**
 * Fusion settings chosen for one library and one embedder without any labels: the library's own
 * passages make questions with known answers (pseudo-queries.ts), keyword and dense retrieval are run
 * over that sample, and each option is kept only if it beats the simpler one by more than twice the
 * standard error of the paired difference. Where the dense signal or feedback does not help this
 * library, nothing passes the test and search leans on keywords. Pure over values, so it runs in a
 * worker as well as in the vector index's build.
 */
export interface RetrievalCalibration {
  /** RRF weight of the dense list (the keyword list weighs 1); 0 = keyword ranking alone. */
  readonly denseWeight: number;
  /** Pseudo-relevance feedback on the dense query (Rocchio toward the first round's top chunks). */
  readonly feedback: boolean;
  /** Proximity reranking of the top candidates (rerank.ts). */
  readonly rerank: boolean;
  /** Pseudo-queries the choice was measured on. */
  readonly queries: number;
  /** nDCG@10 on the pseudo-queries of every option tried, by label (for the report and the docs). */
  readonly scores: Readonly<Record<string, number>>;
}

export interface CalibrationOptions {
  readonly queries: number;
  readonly denseWeights: readonly number[];
  readonly feedbackChunks: number;
  readonly feedbackWeight: number;
  readonly depth: number;
  /** Candidates the reranker reorders. */
  readonly rerankDepth: number;
  /** Passages of the sample the questions are asked against (bounds the time whatever the library's size). */
  readonly poolSize: number;
}

export const defaultCalibrationOptions: CalibrationOptions = {
  queries: 300,
  denseWeights: [0.25, 0.5, 1, 1.5, 2],
  feedbackChunks: 5,
  feedbackWeight: 0.7,
  depth: 100,
  poolSize: 2_000,
  rerankDepth: 20,
};

/** Below this many pseudo-queries no option can be shown to help: keywords alone. */
const minQueries = 20;

/** What the calibration needs from an embedder: unit vectors for texts, in order. */
export type EmbedTexts = (texts: readonly string[]) => Promise<Float32Array[]> | Float32Array[];

/** Calibrates fusion on a sample of the library's passages (in content order, see sampleTexts). */
export async function calibrateRetrieval(
  sample: readonly string[],
  embed: EmbedTexts,
  options: CalibrationOptions = defaultCalibrationOptions,
): Promise<RetrievalCalibration> {
  const set = makePseudoQueries(evenlySpaced(sample, options.poolSize), options.queries);
  if (set.queries.length < minQueries) return { denseWeight: 0, feedback: false, rerank: false, queries: set.queries.length, scores: {} };
  const passageVectors = await embed(set.passages);
  const queryVectors = await embed(set.queries.map((query) => query.query));
  return calibrateOnVectors(set, passageVectors, queryVectors, options);
}

/** The same with a synchronous embedder (the built-in one), for calibrating a library on first use. */
export function calibrateRetrievalSync(
  sample: readonly string[],
  embed: (texts: readonly string[]) => Float32Array[],
  options: CalibrationOptions = defaultCalibrationOptions,
): RetrievalCalibration {
  const set = makePseudoQueries(evenlySpaced(sample, options.poolSize), options.queries);
  if (set.queries.length < minQueries) return { denseWeight: 0, feedback: false, rerank: false, queries: set.queries.length, scores: {} };
  return calibrateOnVectors(set, embed(set.passages), embed(set.queries.map((query) => query.query)), options);
}

function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/** Chooses the dense weight, then feedback, on pseudo-queries whose passages and questions are embedded. */
export function calibrateOnVectors(
  set: PseudoQuerySet,
  passageVectors: readonly Float32Array[],
  queryVectors: readonly Float32Array[],
  options: CalibrationOptions = defaultCalibrationOptions,
): RetrievalCalibration {
  const { passages, queries } = set;
  const index = buildPoolIndex(passages);
  const keywordLists = queries.map((query) => poolKeywordSearch(index, query.query, options.depth));
  const denseList = (vector: Float32Array): number[] => exactNearest(vector, passageVectors, options.depth);
  const denseLists = queryVectors.map(denseList);

  const rankingsOf = (denseWeight: number, feedback: boolean): number[][] =>
    queries.map((_, q) => {
      const fuse = (dense: readonly number[]) =>
        reciprocalRankFusion([
          { chunkIds: keywordLists[q]!, weight: 1 },
          { chunkIds: dense, weight: denseWeight },
        ]).map((hit) => hit.chunkId);
      let ranking = fuse(denseLists[q]!);
      if (feedback) {
        const top = ranking.slice(0, options.feedbackChunks).map((i) => passageVectors[i]!);
        ranking = fuse(denseList(feedbackVector(queryVectors[q]!, top, options.feedbackWeight)));
      }
      return ranking;
    });
  const gainsOf = (rankings: readonly number[][]): number[] => queries.map((query, q) => singleAnswerNdcg(rankings[q]!, query.answer));

  const scores: Record<string, number> = {};
  const keywordGains = gainsOf(keywordLists);
  scores['keyword'] = mean(keywordGains);
  let best = { denseWeight: 0, feedback: false, gains: keywordGains, rankings: keywordLists };
  for (const denseWeight of options.denseWeights) {
    const rankings = rankingsOf(denseWeight, false);
    const tried = gainsOf(rankings);
    scores[`dense ${denseWeight}`] = mean(tried);
    if (mean(tried) > mean(best.gains) && clearlyBetter(tried, keywordGains))
      best = { denseWeight, feedback: false, gains: tried, rankings };
  }
  if (best.denseWeight > 0 && options.feedbackChunks > 0) {
    const rankings = rankingsOf(best.denseWeight, true);
    const tried = gainsOf(rankings);
    scores[`dense ${best.denseWeight} + feedback`] = mean(tried);
    if (clearlyBetter(tried, best.gains)) best = { ...best, feedback: true, gains: tried, rankings };
  }
  // Reranking is tried last, over the ranking chosen so far, and kept on the same test.
  const pairsOf = queries.map((query) => questionPairs(query.query, queryTerms(query.query)));
  const idf = new Map([...index.postings].map(([term, list]) => [term, bm25Idf(list.length, passages.length)]));
  const reranked = queries.map((query, q) => {
    const top = best.rankings[q]!.slice(0, options.rerankDepth).map((i) => ({ chunkId: i, text: passages[i]! }));
    return singleAnswerNdcg([...rerankByProximity(top, pairsOf[q]!, idf), ...best.rankings[q]!.slice(options.rerankDepth)], query.answer);
  });
  scores[`${bestLabel(best)} + rerank`] = mean(reranked);
  const rerank = clearlyBetter(reranked, best.gains);
  return { denseWeight: best.denseWeight, feedback: best.feedback, rerank, queries: queries.length, scores };
}

function bestLabel(best: { denseWeight: number; feedback: boolean }): string {
  if (best.denseWeight === 0) return 'keyword';
  return best.feedback ? `dense ${best.denseWeight} + feedback` : `dense ${best.denseWeight}`;
}

/** A stored calibration read back (settings JSON); null when it is missing or not one. */
export function parseCalibration(value: unknown): RetrievalCalibration | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  if (typeof record['denseWeight'] !== 'number' || typeof record['feedback'] !== 'boolean') return null;
  return {
    denseWeight: record['denseWeight'],
    feedback: record['feedback'],
    rerank: record['rerank'] === true,
    queries: typeof record['queries'] === 'number' ? record['queries'] : 0,
    scores: typeof record['scores'] === 'object' && record['scores'] !== null ? (record['scores'] as Record<string, number>) : {},
  };
}

/** True when `tried` beats `base` on the same queries by more than twice the standard error of the difference. */
export function clearlyBetter(tried: readonly number[], base: readonly number[]): boolean {
  const differences = tried.map((value, i) => value - base[i]!);
  const n = differences.length;
  if (n < 2) return false;
  const average = mean(differences);
  const variance = differences.reduce((sum, d) => sum + (d - average) ** 2, 0) / (n - 1);
  return average > 2 * Math.sqrt(variance / n);
}

/** nDCG@10 when exactly one item is relevant: 1 / log2(rank + 1) within the first ten, else 0. */
export function singleAnswerNdcg(ranking: readonly number[], answer: number): number {
  const rank = ranking.indexOf(answer);
  return rank >= 0 && rank < 10 ? 1 / Math.log2(rank + 2) : 0;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

interface PoolIndex {
  readonly postings: Map<string, { passage: number; frequency: number }[]>;
  readonly lengths: Int32Array;
  readonly averageLength: number;
}

/** BM25 over the sample in memory, tokenized as FTS5's porter unicode61 tokenizer does. */
function buildPoolIndex(passages: readonly string[]): PoolIndex {
  const postings = new Map<string, { passage: number; frequency: number }[]>();
  const lengths = new Int32Array(passages.length);
  passages.forEach((text, passage) => {
    const counts = new Map<string, number>();
    const tokens = words(text);
    lengths[passage] = tokens.length;
    for (const word of tokens) counts.set(stem(word), (counts.get(stem(word)) ?? 0) + 1);
    for (const [term, frequency] of counts) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push({ passage, frequency });
    }
  });
  const total = lengths.reduce((sum, length) => sum + length, 0);
  return { postings, lengths, averageLength: passages.length > 0 ? total / passages.length : 0 };
}

function poolKeywordSearch(index: PoolIndex, query: string, depth: number): number[] {
  const scores = new Map<number, number>();
  for (const term of queryTerms(query)) {
    const list = index.postings.get(term.stem);
    if (!list) continue;
    const idf = bm25Idf(list.length, index.lengths.length);
    for (const { passage, frequency } of list) {
      const score = term.count * bm25TermScore(frequency, index.lengths[passage]!, index.averageLength, idf);
      scores.set(passage, (scores.get(passage) ?? 0) + score);
    }
  }
  return [...scores]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, depth)
    .map(([passage]) => passage);
}

function exactNearest(query: Float32Array, vectors: readonly Float32Array[], depth: number): number[] {
  if (!query.some((value) => value !== 0)) return [];
  const scored = vectors.map((vector, index) => {
    let score = 0;
    for (let d = 0; d < query.length; d++) score += query[d]! * vector[d]!;
    return { index, score };
  });
  scored.sort((x, y) => y.score - x.score || x.index - y.index);
  return scored.slice(0, depth).map((hit) => hit.index);
}
