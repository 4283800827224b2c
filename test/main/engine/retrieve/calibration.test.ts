import { describe, expect, it } from 'vitest';
import {
  calibrateOnVectors,
  calibrateRetrievalSync,
  clearlyBetter,
  parseCalibration,
  singleAnswerNdcg,
} from '../../../../src-main/engine/retrieve/calibration';
import type { PseudoQuerySet } from '../../../../src-main/engine/retrieve/pseudo-queries';

const topics = ['wing', 'shell', 'nozzle', 'flutter', 'plate', 'shock', 'boundary', 'heat', 'jet', 'panel'];

/** Passages of three sentences; each question shares one rare word with its answer, and nothing else. */
function library(count: number): PseudoQuerySet {
  const passages = Array.from(
    { length: count },
    (_, i) => `Report ${i} on ${topics[i % topics.length]} tests. Values measured term${i} here. Common words again.`,
  );
  const queries = Array.from({ length: count }, (_, i) => ({
    query: `which study has term${i} and ${topics[(i + 3) % topics.length]}`,
    answer: i,
  }));
  return { passages, queries };
}

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values) || 1;
  return Float32Array.from(values.map((v) => v / norm));
}

describe('calibrateOnVectors', () => {
  const set = library(60);

  it('leans on keywords when the dense vectors carry no signal', () => {
    let seed = 3;
    const noise = () => unit(Array.from({ length: 16 }, () => (seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5));
    const calibration = calibrateOnVectors(set, set.passages.map(noise), set.queries.map(noise));
    expect(calibration.denseWeight).toBe(0);
    expect(calibration.feedback).toBe(false);
    expect(calibration.scores['keyword']).toBeGreaterThan(0.9);
    expect(calibration.queries).toBe(60);
  });

  it('weights dense retrieval in when it finds answers keywords miss', () => {
    // Questions whose rare word is misspelled: keywords find only the topic; the vectors point at the answer.
    const misspelled: PseudoQuerySet = { ...set, queries: set.queries.map((q) => ({ ...q, query: q.query.replace('term', 'trm') })) };
    const oneHot = (i: number) => unit(Array.from({ length: 60 }, (_, d) => (d === i ? 1 : 0.01)));
    const calibration = calibrateOnVectors(
      misspelled,
      set.passages.map((_, i) => oneHot(i)),
      set.queries.map((q) => oneHot(q.answer)),
    );
    expect(calibration.denseWeight).toBeGreaterThan(0);
    expect(calibration.scores[`dense ${calibration.denseWeight}`]).toBeGreaterThan(calibration.scores['keyword']! + 0.3);
  });

  it('keeps keywords alone when the library gives too few questions to tell', () => {
    const calibration = calibrateRetrievalSync(['One short passage.', 'Another.'], (texts) => texts.map(() => unit([1, 0])));
    expect(calibration).toMatchObject({ denseWeight: 0, feedback: false });
  });
});

describe('calibration statistics', () => {
  it('scores a single known answer by nDCG@10', () => {
    expect(singleAnswerNdcg([4, 2, 9], 4)).toBe(1);
    expect(singleAnswerNdcg([4, 2, 9], 9)).toBeCloseTo(0.5);
    expect(
      singleAnswerNdcg(
        Array.from({ length: 20 }, (_, i) => i),
        12,
      ),
    ).toBe(0);
  });

  it('calls a difference clear only beyond twice its standard error', () => {
    expect(clearlyBetter([1, 1, 1, 1], [0, 0, 0, 0])).toBe(true);
    // One question better by 1, three worse by 0.2: a higher mean, but within the noise.
    expect(clearlyBetter([1, 0, 0, 0], [0, 0.2, 0.2, 0.2])).toBe(false);
    expect(clearlyBetter([0.5], [0])).toBe(false);
  });

  it('reads back only well-formed stored calibrations', () => {
    expect(parseCalibration({ denseWeight: 1, feedback: true, queries: 300, scores: { keyword: 0.5 } })).toMatchObject({
      denseWeight: 1,
      feedback: true,
    });
    expect(parseCalibration({ denseWeight: '1' })).toBeNull();
    expect(parseCalibration(null)).toBeNull();
  });
});
