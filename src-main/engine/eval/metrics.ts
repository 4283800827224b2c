/** Graded judgements of one query: document id → gain (> 0 relevant). */
export type Judgements = ReadonlyMap<string, number>;

/** nDCG@k with linear graded gains, as trec_eval / BEIR compute it; 0 when nothing is relevant. */
export function ndcgAt(k: number, ranking: readonly string[], judgements: Judgements): number {
  let dcg = 0;
  ranking.slice(0, k).forEach((id, index) => {
    const gain = judgements.get(id) ?? 0;
    if (gain > 0) dcg += gain / Math.log2(index + 2);
  });
  const ideal = [...judgements.values()]
    .filter((gain) => gain > 0)
    .sort((x, y) => y - x)
    .slice(0, k)
    .reduce((sum, gain, index) => sum + gain / Math.log2(index + 2), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Share of the relevant documents found in the first k. */
export function recallAt(k: number, ranking: readonly string[], judgements: Judgements): number {
  const relevant = [...judgements.values()].filter((gain) => gain > 0).length;
  if (relevant === 0) return 0;
  const found = ranking.slice(0, k).filter((id) => (judgements.get(id) ?? 0) > 0).length;
  return found / relevant;
}

/** Reciprocal rank of the first relevant document within the first k, else 0. */
export function reciprocalRankAt(k: number, ranking: readonly string[], judgements: Judgements): number {
  const index = ranking.slice(0, k).findIndex((id) => (judgements.get(id) ?? 0) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

/** Collapses a chunk ranking to a document ranking: a document ranks where its best chunk ranks. */
export function documentRanking(chunkDocumentIds: readonly string[]): string[] {
  return [...new Set(chunkDocumentIds)];
}

export interface RetrievalScores {
  readonly 'ndcg@10': number;
  readonly 'recall@100': number;
  readonly 'mrr@10': number;
}

/** Mean of the three figures over the queries, each query's document ranking against its judgements. */
export function scoreRuns(runs: readonly { ranking: readonly string[]; judgements: Judgements }[]): RetrievalScores {
  const mean = (f: (run: (typeof runs)[number]) => number): number =>
    runs.length === 0 ? 0 : runs.reduce((sum, run) => sum + f(run), 0) / runs.length;
  return {
    'ndcg@10': mean((run) => ndcgAt(10, run.ranking, run.judgements)),
    'recall@100': mean((run) => recallAt(100, run.ranking, run.judgements)),
    'mrr@10': mean((run) => reciprocalRankAt(10, run.ranking, run.judgements)),
  };
}
