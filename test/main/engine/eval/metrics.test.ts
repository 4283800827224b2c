import { describe, expect, it } from 'vitest';
import { parseQrels } from '../../../../src-main/engine/eval/beir';
import { documentRanking, ndcgAt, recallAt, reciprocalRankAt, scoreRuns } from '../../../../src-main/engine/eval/metrics';

const judgements = new Map([
  ['a', 3],
  ['b', 1],
  ['c', 0],
]);

describe('retrieval metrics', () => {
  it('computes nDCG@k with linear graded gains', () => {
    // DCG = 1/log2(2) + 3/log2(4) = 2.5; ideal = 3 + 1/log2(3)
    expect(ndcgAt(10, ['b', 'x', 'a'], judgements)).toBeCloseTo(2.5 / (3 + 1 / Math.log2(3)), 10);
    expect(ndcgAt(10, ['a', 'b'], judgements)).toBeCloseTo(1, 10);
    expect(ndcgAt(1, ['b', 'a'], judgements)).toBeCloseTo(1 / 3, 10);
    expect(ndcgAt(10, ['c', 'x'], judgements)).toBe(0);
  });

  it('computes recall and reciprocal rank on relevant documents only', () => {
    expect(recallAt(2, ['a', 'c', 'b'], judgements)).toBe(0.5);
    expect(recallAt(3, ['a', 'c', 'b'], judgements)).toBe(1);
    expect(reciprocalRankAt(10, ['c', 'x', 'b'], judgements)).toBeCloseTo(1 / 3);
    expect(reciprocalRankAt(2, ['c', 'x', 'b'], judgements)).toBe(0);
  });

  it('ranks a document where its best chunk ranks', () => {
    expect(documentRanking(['d2', 'd1', 'd2', 'd3', 'd1'])).toEqual(['d2', 'd1', 'd3']);
  });

  it('averages over queries', () => {
    const scores = scoreRuns([
      { ranking: ['a'], judgements },
      { ranking: ['x'], judgements },
    ]);
    expect(scores['mrr@10']).toBe(0.5);
  });

  it('parses BEIR qrels with a header', () => {
    const qrels = parseQrels('query-id\tcorpus-id\tscore\n1\t184\t3\n1\t29\t2\n2\t5\t1\n');
    expect(qrels.get('1')).toEqual(
      new Map([
        ['184', 3],
        ['29', 2],
      ]),
    );
    expect(qrels.get('2')?.get('5')).toBe(1);
  });
});
