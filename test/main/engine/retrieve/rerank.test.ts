import { describe, expect, it } from 'vitest';
import { queryTerms } from '../../../../src-main/engine/retrieve/keyword-search';
import { proximityScore, questionPairs, rerankByProximity } from '../../../../src-main/engine/retrieve/rerank';

const question = 'studies of associative processors and user behaviour';
const terms = queryTerms(question);
const idf = new Map(terms.map((term) => [term.stem, term.stem === 'associ' ? 3 : 1]));

describe('questionPairs', () => {
  it('pairs the content terms the question says next to each other, once each', () => {
    expect(questionPairs(question, terms)).toEqual([
      ['studi', 'associ'],
      ['associ', 'processor'],
      ['processor', 'user'],
      ['user', 'behaviour'],
    ]);
  });
});

describe('proximityScore', () => {
  const pairs = questionPairs(question, terms);
  it('counts a pair said close together, in either order, with its smaller idf', () => {
    expect(proximityScore('processors that are associative', pairs, idf)).toBe(1);
    expect(
      proximityScore('an associative memory; far away, many words later, a list of other things and then processors', pairs, idf),
    ).toBe(0);
    expect(proximityScore('user behaviour with associative processors', pairs, idf)).toBe(3);
  });
});

describe('rerankByProximity', () => {
  const pairs = questionPairs(question, terms);
  it('moves a passage that keeps the question’s phrases together up, by rank fusion with the first order', () => {
    const candidates = [
      { chunkId: 1, text: 'associative memory designs are surveyed here at great length, in a survey of many kinds.' },
      { chunkId: 2, text: 'A survey of library catalogues and processors.' },
      { chunkId: 3, text: 'Parallel machines and their associative processors, with user behaviour logs.' },
    ];
    // First order 1, 2, 3; proximity order 3, 1, 2; rank sums 3, 5, 4.
    expect(rerankByProximity(candidates, pairs, idf)).toEqual([1, 3, 2]);
  });

  it('keeps the first order when no passage has a pair', () => {
    const candidates = [
      { chunkId: 5, text: 'nothing relevant' },
      { chunkId: 4, text: 'still nothing' },
    ];
    expect(rerankByProximity(candidates, pairs, idf)).toEqual([5, 4]);
  });
});
