import { describe, expect, it } from 'vitest';
import { createCitationStreamFilter, validateCitations } from '../../../../src-main/engine/answer/citations';
import { hit } from '../../../helpers/hits';

const hits = [hit(1, 'Pumps move water.', { page: 3, headingPath: ['Pumps'] }), hit(2, 'Valves stop water.')];

describe('validateCitations', () => {
  it('keeps markers that name passages, removes and counts the others, with provenance', () => {
    const result = validateCitations('Pumps move water [1][7]. Valves stop it [2, 9]. Nothing [0].', hits);
    expect(result.text).toBe('Pumps move water [1]. Valves stop it [2]. Nothing.');
    expect(result.removed).toBe(3);
    expect(result.citations).toEqual([
      {
        n: 1,
        chunkId: 1,
        documentId: 10,
        path: '/docs/doc-1.md',
        title: 'Doc 1',
        page: 3,
        headingPath: ['Pumps'],
        start: 100,
        end: 117,
        text: 'Pumps move water.',
      },
      expect.objectContaining({ n: 2, chunkId: 2 }),
    ]);
  });

  it('leaves bracketed text that is not a marker', () => {
    expect(validateCitations('See [note] and [a1].', hits)).toMatchObject({ text: 'See [note] and [a1].', removed: 0, citations: [] });
  });
});

describe('createCitationStreamFilter', () => {
  it('never lets an invalid marker reach the stream, whatever the token boundaries', () => {
    const text = 'Water moves [1]. It stops [3][2] and [12] [x] done [1, 4].';
    for (let size = 1; size <= 5; size++) {
      const filter = createCitationStreamFilter(2);
      let out = '';
      for (let i = 0; i < text.length; i += size) out += filter.push(text.slice(i, i + size));
      out += filter.flush();
      expect(out).toBe('Water moves [1]. It stops [2] and  [x] done [1].');
      expect(filter.removed()).toBe(3);
    }
  });
});
