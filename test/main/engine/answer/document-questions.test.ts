import { describe, expect, it } from 'vitest';
import { documentIntent, resolveDocuments, type DocumentName } from '../../../../src-main/engine/answer/document-questions';

describe('documentIntent', () => {
  it('recognises summaries', () => {
    expect(documentIntent('Summarize the agreement')).toEqual({ kind: 'summary', refs: ['agreement'] });
    expect(documentIntent('Give me an overview of the site visit notes.')).toEqual({ kind: 'summary', refs: ['site visit notes'] });
    expect(documentIntent('What is the competitor brief about?')).toEqual({ kind: 'summary', refs: ['competitor brief'] });
  });

  it('recognises comparisons and changes, sharing a head noun between the two names', () => {
    expect(documentIntent('Compare the 2022 and 2023 reports')).toEqual({
      kind: 'compare',
      refs: ['2022 reports', '2023 reports'],
      topic: null,
    });
    expect(documentIntent('What changed between the 2022 report and the 2023 report?')).toEqual({
      kind: 'compare',
      refs: ['2022 report', '2023 report'],
      topic: null,
    });
    expect(documentIntent('How did revenue change between 2022 and 2023?')).toEqual({
      kind: 'compare',
      refs: ['2022', '2023'],
      topic: 'revenue',
    });
    expect(documentIntent('Compare the lease with the supply contract on penalties')).toEqual({
      kind: 'compare',
      refs: ['lease', 'supply contract'],
      topic: 'penalties',
    });
  });

  it('leaves ordinary questions alone', () => {
    expect(documentIntent('What was the operating margin in 2023, and why did it fall?')).toBeNull();
    expect(documentIntent('What does the contract say about termination?')).toBeNull();
    expect(documentIntent('How much notice is needed to terminate the agreement?')).toBeNull();
  });
});

describe('resolveDocuments', () => {
  const library: DocumentName[] = [
    { id: 1, path: '/docs/annual-report-2022.pdf', title: 'Annual report', collection: 'finance' },
    { id: 2, path: '/docs/annual-report-2023.pdf', title: 'Annual report', collection: 'finance' },
    { id: 3, path: '/docs/services-agreement.docx', title: 'Services Agreement', collection: 'contracts' },
    { id: 4, path: '/notes/site-visit-notes.md', title: 'Site visit notes', collection: 'operations' },
  ];
  const ids = (ref: string) => resolveDocuments(ref, library).map((doc) => doc.id);

  it('resolves by title, file name and collection, a year only to documents named with it', () => {
    expect(ids('agreement')).toEqual([3]);
    expect(ids('2023 reports')).toEqual([2]);
    expect(ids('2022')).toEqual([1]);
    expect(ids('site visit notes')).toEqual([4]);
    expect(ids('contracts')).toEqual([3]);
  });

  it('finds nothing for a name no document carries', () => {
    expect(ids('2019 report')).toEqual([]);
    expect(ids('the lease')).toEqual([]);
  });
});
