import { describe, expect, it } from 'vitest';
import { makePseudoQueries, sentences } from '../../../../src-main/engine/retrieve/pseudo-queries';

const passage = (i: number) =>
  `Study ${i} of swept wings.\nThe lift of wing model ${i} was measured in the tunnel. Pressure taps recorded the flow near the tip. Results agree with slender body theory for small angles.`;

describe('sentences', () => {
  it('splits after end punctuation and at line breaks', () => {
    expect(sentences('Title line\nFirst one. Second? Third!  ')).toEqual(['Title line', 'First one.', 'Second?', 'Third!']);
  });
});

describe('makePseudoQueries', () => {
  it('takes one sentence out of a passage as the question and leaves the rest as its answer', () => {
    const texts = Array.from({ length: 10 }, (_, i) => passage(i));
    const { passages, queries } = makePseudoQueries(texts, 5);
    expect(queries).toHaveLength(5);
    for (const { query, answer } of queries) {
      expect(texts[answer]).toContain(query);
      expect(passages[answer]).not.toContain(query);
      expect(passages[answer]!.length).toBeLessThan(texts[answer]!.length);
    }
    // Passages that answer nothing are left whole.
    const answers = new Set(queries.map((query) => query.answer));
    texts.forEach((text, i) => answers.has(i) || expect(passages[i]).toBe(text));
  });

  it('asks the same questions whatever order the passages come in', () => {
    const texts = Array.from({ length: 12 }, (_, i) => passage(i));
    const reversed = [...texts].reverse();
    const asked = (list: string[]) => {
      const set = makePseudoQueries(list, 12);
      return new Map(set.queries.map((query) => [list[query.answer], query.query]));
    };
    expect(asked(reversed)).toEqual(asked(texts));
  });

  it('skips passages too short to split and sentences too short to ask anything', () => {
    const { queries } = makePseudoQueries(['One sentence only.', 'Two. Sentences.', 'A b. C d. E f.'], 3);
    expect(queries).toEqual([]);
  });
});
