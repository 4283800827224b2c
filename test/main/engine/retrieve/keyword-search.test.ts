import { describe, expect, it } from 'vitest';
import { pruneTerms } from '../../../../src-main/engine/retrieve/keyword-search';

describe('pruneTerms', () => {
  const terms = [
    { word: 'flow', chunks: 60_000 },
    { word: 'hypersonic', chunks: 900 },
    { word: 'ablation', chunks: 120 },
    { word: 'pressure', chunks: 40_000 },
    { word: 'nosecone', chunks: 0 },
  ];

  it('keeps every term while the postings fit the budget (small libraries lose nothing)', () => {
    expect(pruneTerms(terms, { postingsBudget: 1_000_000, minTerms: 2 })).toEqual([
      'nosecone',
      'ablation',
      'hypersonic',
      'pressure',
      'flow',
    ]);
  });

  it('keeps the rarest terms within the budget, and never fewer than the minimum', () => {
    expect(pruneTerms(terms, { postingsBudget: 8_000, minTerms: 2 })).toEqual(['nosecone', 'ablation', 'hypersonic']);
    const common = [
      { word: 'flow', chunks: 60_000 },
      { word: 'pressure', chunks: 40_000 },
      { word: 'wing', chunks: 30_000 },
    ];
    expect(pruneTerms(common, { postingsBudget: 8_000, minTerms: 2 })).toEqual(['wing', 'pressure']);
  });
});
