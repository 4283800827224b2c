import type { SearchHit } from '../../src-shared/schemas/search';

/** A retrieved passage for tests of the answer pipeline's pure parts. */
export function hit(chunkId: number, text: string, extra: Partial<SearchHit> = {}): SearchHit {
  return {
    chunkId,
    documentId: chunkId * 10,
    path: `/docs/doc-${chunkId}.md`,
    title: `Doc ${chunkId}`,
    collection: 'default',
    fileType: 'md',
    page: null,
    headingPath: [],
    start: 100,
    end: 100 + text.length,
    text,
    score: 1 / chunkId,
    ...extra,
  };
}
