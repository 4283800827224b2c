import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecordsDirectly } from '../../../../src-main/engine/eval/direct-ingest';
import {
  buildKeywordQuery,
  countStems,
  keywordSearch,
  planKeywordQuery,
  queryTerms,
  type CountedTerm,
} from '../../../../src-main/engine/retrieve/keyword-search';
import { createVectorIndex } from '../../../../src-main/engine/embedding/vector-index';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import { tempDir } from '../../../helpers/temp';

const term = (word: string, chunks: number, count = 1): CountedTerm => ({ word, stem: word, count, chunks });

describe('queryTerms', () => {
  it('groups a question by stem and keeps how often it says each term', () => {
    expect(queryTerms('Libraries and library use: libraries!')).toEqual([
      { word: 'libraries', stem: 'librari', count: 3 },
      { word: 'use', stem: 'us', count: 1 },
    ]);
    expect(buildKeywordQuery('wing and wings')).toBe('"wing" OR "wing"');
  });
});

describe('planKeywordQuery', () => {
  const terms = [term('flow', 60_000), term('hypersonic', 900), term('ablation', 120), term('pressure', 40_000), term('nosecone', 0)];

  it('searches every term while the postings fit the budget (small libraries lose nothing)', () => {
    const plan = planKeywordQuery(terms, 200_000, { postingsBudget: 1_000_000, minTerms: 2, candidateFactor: 3 });
    expect(plan.searched.map((t) => t.word).sort()).toEqual(['ablation', 'flow', 'hypersonic', 'nosecone', 'pressure']);
    expect(plan.rescored).toEqual([]);
  });

  it('searches the rarest within the budget and scores the rest on the candidates instead of dropping them', () => {
    const plan = planKeywordQuery(terms, 200_000, { postingsBudget: 8_000, minTerms: 2, candidateFactor: 3 });
    expect(plan.searched.map((t) => t.word)).toEqual(['nosecone', 'ablation', 'hypersonic']);
    expect(plan.rescored.map((t) => t.word)).toEqual(['pressure', 'flow']);
    expect(plan.dropped).toEqual([]);
  });

  it('drops only terms in more than half the library, where BM25 gives them no weight', () => {
    const plan = planKeywordQuery(terms, 100_000, { postingsBudget: 8_000, minTerms: 2, candidateFactor: 3 });
    expect(plan.dropped.map((t) => t.word)).toEqual(['flow']);
    expect(plan.rescored.map((t) => t.word)).toEqual(['pressure']);
  });
});

describe('countStems', () => {
  it('counts the wanted stems as a full stemming pass would, and the length in words', () => {
    const wanted = new Map([
      ['librari', 1],
      ['cut', 1],
    ]);
    const { frequencies, length } = countStems('Public libraries; library cuts, cutting, and Librarians.', wanted);
    expect(Object.fromEntries(frequencies)).toEqual({ librari: 2, cut: 2 });
    expect(length).toBe(7);
    expect(countStems('Bibliothèque des bibliothèques', new Map([['bibliothequ', 1]])).frequencies.get('bibliothequ')).toBe(2);
  });
});

describe('keywordSearch', () => {
  let db: Db;
  const words = Array.from(
    { length: 40 },
    (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
  );
  beforeAll(async () => {
    db = openDatabase(join(tempDir(), 'library.sqlite'));
    // Documents of varied lengths over a small vocabulary, so terms have every document frequency.
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const records = Array.from({ length: 400 }, (_, i) => ({
      _id: String(i),
      title: '',
      text: Array.from({ length: 5 + Math.floor(random() * 30) }, () => words[Math.floor(random() ** 2 * words.length)]).join(' '),
    }));
    await ingestRecordsDirectly(db, createVectorIndex(db, { minChunks: 1e9 }), records);
  });
  afterAll(() => db.close());

  it('gives every candidate the exact FTS5 score with all terms when common terms are scored afterwards', () => {
    // Common and rare terms, none in over half the library (those are the only ones the split leaves out).
    const question = words.filter((_, i) => i % 3 === 0).join(' ');
    const full = keywordSearch(db, question, {
      limit: 400,
      filters: {},
      pruning: { postingsBudget: 1e9, minTerms: 2, candidateFactor: 3 },
    });
    const pruned = keywordSearch(db, question, {
      limit: 10,
      filters: {},
      pruning: { postingsBudget: 150, minTerms: 2, candidateFactor: 3 },
    });
    const fullScore = new Map(full.map((hit) => [hit.chunkId, hit.score]));
    expect(pruned).toHaveLength(10);
    for (const hit of pruned) expect(hit.score).toBeCloseTo(fullScore.get(hit.chunkId)!, 4);
    // The best of the pruned search is among FTS5's best with every term.
    expect(full.slice(0, 20).map((hit) => hit.chunkId)).toContain(pruned[0]!.chunkId);
  });
});
