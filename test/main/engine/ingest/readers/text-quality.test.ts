import { describe, expect, it } from 'vitest';
import { withoutControlCharacters } from '../../../../../src-main/engine/ingest/readers/text-quality';
import type { ReadDocument } from '../../../../../src-main/engine/ingest/types';
import { AppError } from '../../../../../src-shared/errors';

function documentOf(...texts: string[]): ReadDocument {
  return { fileType: 'pdf', title: null, pages: 1, blocks: texts.map((text) => ({ kind: 'paragraph', text, page: 1 })) };
}

describe('control characters in extracted text', () => {
  it('refuses text that is mostly control characters as binary, saying how much', () => {
    const broken = documentOf('\u0001\u0002\u0003a\u0004\u0005\u0006b\u0007\u0008\u000ec');
    const error = (() => {
      try {
        withoutControlCharacters(broken, 'layer.pdf');
        return null;
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('binary');
    expect((error as AppError).message).toMatch(/^layer\.pdf holds 75% control characters/);
  });

  it('removes a few stray control characters and drops blocks left empty', () => {
    const doc = withoutControlCharacters(documentOf('Harbour\u0007 dues rose.', '\u0002', 'Tabs\tand\nlines stay.'), 'x.pdf');
    expect(doc.blocks.map((block) => block.text)).toEqual(['Harbour dues rose.', 'Tabs\tand\nlines stay.']);
  });

  it('returns a clean document unchanged', () => {
    const clean = documentOf('Nothing to remove.');
    expect(withoutControlCharacters(clean, 'x.pdf')).toBe(clean);
  });
});
