import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchRequest } from '../../../../src-shared/schemas/search';
import { ingestRecordsDirectly } from '../../../../src-main/engine/eval/direct-ingest';
import { buildKeywordQuery, keywordSearch } from '../../../../src-main/engine/retrieve/keyword-search';
import { createSearcher, type Searcher } from '../../../../src-main/engine/retrieve/searcher';
import { createVectorIndex } from '../../../../src-main/engine/embedding/vector-index';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import { tempDir } from '../../../helpers/temp';

describe('buildKeywordQuery', () => {
  it('builds an OR of quoted content words', () => {
    expect(buildKeywordQuery('What are the effects of Wing sweep on the wing?')).toBe('"effects" OR "wing" OR "wing" OR "sweep"');
  });

  it('neutralizes FTS5 syntax in user input', () => {
    expect(buildKeywordQuery('NEAR(a b) "x AND -y* ^col: OR')).toBe('"near" OR "col"');
    expect(buildKeywordQuery('?!* ""')).toBeNull();
    expect(buildKeywordQuery('who was it')).toBe('"who" OR "was" OR "it"');
  });
});

describe('searcher', () => {
  let dir: string;
  let db: Db;
  let searcher: Searcher;
  const search = (input: SearchRequest) => searcher.search(SearchRequest.parse(input));

  beforeAll(async () => {
    dir = tempDir('quarry-search-');
    db = openDatabase(join(dir, 'library.sqlite'));
    const vectorIndex = createVectorIndex(db);
    const make = (prefix: string, texts: string[]) => texts.map((text, i) => ({ _id: `${prefix}-${i}`, title: `${prefix} ${i}`, text }));
    await ingestRecordsDirectly(
      db,
      vectorIndex,
      make('aero', [
        'lift of a swept wing in a propeller slipstream',
        'drag reduction on a delta wing at supersonic speed',
        'boundary layer transition on a flat plate',
      ]),
      { collection: 'aero' },
    );
    await ingestRecordsDirectly(
      db,
      vectorIndex,
      make('struct', [
        'buckling of thin cylindrical shells under compression',
        'vibration of plates and shells with cutouts',
        'wing box structural stresses under bending',
      ]),
      { collection: 'structures' },
    );
    searcher = createSearcher({ db, vectorIndex });
  });
  afterAll(() => {
    db.close();
  });

  it('finds passages by keyword with their documents', () => {
    const result = search({ query: 'cylindrical shells', mode: 'keyword' });
    expect(result.hits[0]).toMatchObject({
      path: 'struct-0.md',
      title: 'struct 0',
      collection: 'structures',
      fileType: 'md',
      headingPath: ['struct 0'],
    });
    expect(result.hits[0]!.text).toContain('cylindrical shells');
  });

  it('never fails on FTS5 syntax typed by a user', () => {
    for (const query of ['"unbalanced', 'NEAR(', 'wing*', 'a AND OR NOT', '-', "'; DROP TABLE chunks; --"]) {
      expect(() => search({ query, mode: 'hybrid' })).not.toThrow();
    }
  });

  it('applies filters in every mode', () => {
    for (const mode of ['keyword', 'dense', 'hybrid'] as const) {
      const all = search({ query: 'wing', mode });
      expect(new Set(all.hits.map((hit) => hit.collection))).toEqual(new Set(['aero', 'structures']));
      const aero = search({ query: 'wing', mode, collection: 'aero' });
      expect(aero.hits.length).toBeGreaterThan(0);
      expect(aero.hits.every((hit) => hit.collection === 'aero')).toBe(true);
      expect(search({ query: 'wing', mode, fileTypes: ['pdf'] }).hits).toEqual([]);
      const prefixed = search({ query: 'wing', mode, pathPrefix: 'struct-' });
      expect(prefixed.hits.map((hit) => hit.path)).toContain('struct-2.md');
      expect(prefixed.hits.every((hit) => hit.path.startsWith('struct-'))).toBe(true);
    }
  });

  it('keyword search honours the limit and ranks the best match first', () => {
    const hits = keywordSearch(db, 'delta wing supersonic', { limit: 2, filters: {} });
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });
});
