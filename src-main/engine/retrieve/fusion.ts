/** A ranked list of chunks from one retriever, and how much its ranks count in the fusion. */
export interface RankedList {
  readonly chunkIds: readonly number[];
  readonly weight: number;
}

export interface FusedHit {
  readonly chunkId: number;
  readonly score: number;
}

/**
 * Weighted reciprocal rank fusion: score(c) = Σ weight / (k + rank), rank from 1. Ranks, not scores,
 * are fused because BM25 and cosine live on unrelated scales; k = 60 is the value of Cormack et al.
 * Ties break on chunk id so results are deterministic.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], k = 60): FusedHit[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.chunkIds.forEach((chunkId, index) => {
      scores.set(chunkId, (scores.get(chunkId) ?? 0) + list.weight / (k + index + 1));
    });
  }
  return [...scores].map(([chunkId, score]) => ({ chunkId, score })).sort((x, y) => y.score - x.score || x.chunkId - y.chunkId);
}
