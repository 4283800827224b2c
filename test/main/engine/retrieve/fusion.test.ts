import { describe, expect, it } from 'vitest';
import { feedbackVector } from '../../../../src-main/engine/retrieve/feedback';
import { reciprocalRankFusion } from '../../../../src-main/engine/retrieve/fusion';

describe('reciprocalRankFusion', () => {
  it('rewards chunks both rankings agree on', () => {
    const fused = reciprocalRankFusion([
      { chunkIds: [1, 2, 3], weight: 1 },
      { chunkIds: [5, 2, 4], weight: 1 },
    ]);
    expect(fused.map((hit) => hit.chunkId)).toEqual([2, 1, 5, 3, 4]);
    expect(fused[0]!.score).toBeCloseTo(2 / 62);
  });

  it('lets a heavier list win ties of rank', () => {
    const lists = (denseWeight: number) =>
      reciprocalRankFusion([
        { chunkIds: [1, 2], weight: 1 },
        { chunkIds: [2, 1], weight: denseWeight },
      ]).map((hit) => hit.chunkId);
    expect(lists(1)).toEqual([1, 2]); // equal scores: the lower id first, deterministically
    expect(lists(1.5)).toEqual([2, 1]);
  });
});

describe('feedbackVector', () => {
  it('moves the query toward the feedback and keeps unit length', () => {
    const moved = feedbackVector(Float32Array.from([1, 0]), [Float32Array.from([0, 1])], 1);
    expect(moved[0]).toBeCloseTo(Math.SQRT1_2);
    expect(moved[1]).toBeCloseTo(Math.SQRT1_2);
    expect(feedbackVector(Float32Array.from([1, 0]), [], 1)).toEqual(Float32Array.from([1, 0]));
  });
});
