import { describe, expect, it } from 'vitest';
import { chunkDocument, countTokens, documentText } from '../../../../src-main/engine/ingest/chunk';
import type { Block, ChunkedDocument, ReadDocument } from '../../../../src-main/engine/ingest/types';
import type { ChunkDraft } from '../../../../src-main/engine/store/chunk-draft';

const paragraph = (text: string, page: number | null = null): Block => ({ kind: 'paragraph', text, page });
const heading = (text: string, level: number, page: number | null = null): Block => ({ kind: 'heading', text, level, page });
const doc = (blocks: Block[], fileType: ReadDocument['fileType'] = 'md'): ReadDocument => ({
  fileType,
  title: null,
  pages: null,
  blocks,
});

/** Sentences "Sentence 12 talks about topic twelve." with distinct numbers, about 7 tokens each. */
function sentences(from: number, count: number): string {
  return Array.from({ length: count }, (_, index) => `Sentence ${from + index} talks about item ${from + index}.`).join(' ');
}

/** The invariants every chunking must keep, whatever the input. */
function expectWellFormed(result: ChunkedDocument, target: number, allowance = 0): void {
  result.chunks.forEach((chunk, index) => {
    expect(chunk.ordinal).toBe(index);
    expect(chunk.text).toBe(result.text.slice(chunk.start, chunk.end));
    expect(chunk.text).toBe(chunk.text.trim());
    expect(chunk.tokenCount).toBe(countTokens(chunk.text));
    expect(chunk.tokenCount).toBeGreaterThan(0);
    expect(chunk.tokenCount).toBeLessThanOrEqual(target + allowance);
  });
  for (let index = 1; index < result.chunks.length; index += 1) {
    const previous = result.chunks[index - 1] as ChunkDraft;
    const chunk = result.chunks[index] as ChunkDraft;
    expect(chunk.start).toBeGreaterThan(previous.start);
    expect(chunk.end).toBeGreaterThan(previous.end);
  }
}

/** Every non-space character of the full text lies inside some chunk. */
function expectCovered(result: ChunkedDocument): void {
  const covered = new Uint8Array(result.text.length);
  for (const chunk of result.chunks) covered.fill(1, chunk.start, chunk.end);
  const missing = [...result.text].filter((char, index) => covered[index] === 0 && char.trim() !== '');
  expect(missing.join('')).toBe('');
}

describe('countTokens', () => {
  it('counts words, punctuation marks and CJK characters; long words count per 8 characters', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('   \n\t')).toBe(0);
    expect(countTokens('Hello, world!')).toBe(4);
    expect(countTokens('information')).toBe(2);
    expect(countTokens('12345678 123456789')).toBe(3);
    expect(countTokens('東京都に行く')).toBe(6);
    expect(countTokens('naïve café\u00a0crème')).toBe(3);
  });
});

describe('chunkDocument', () => {
  it('defines the full text as the blocks joined by a blank line', () => {
    const blocks = [heading('Title', 1), paragraph('One.'), paragraph('Two.')];
    expect(documentText(blocks)).toBe('Title\n\nOne.\n\nTwo.');
    expect(chunkDocument(doc(blocks)).text).toBe('Title\n\nOne.\n\nTwo.');
  });

  it('packs whole small paragraphs together and opens the chunk with its heading', () => {
    const result = chunkDocument(doc([heading('Intro', 1), paragraph('Alpha beta.'), paragraph('Gamma delta.')]));
    expect(result.chunks).toEqual([
      {
        ordinal: 0,
        text: 'Intro\n\nAlpha beta.\n\nGamma delta.',
        page: null,
        headingPath: ['Intro'],
        start: 0,
        end: 32,
        tokenCount: 7,
      },
    ]);
  });

  it('starts a chunk at every heading and tracks ancestor headings by level', () => {
    const result = chunkDocument(
      doc([
        paragraph('Preface text.'),
        heading('Chapter 2', 1),
        paragraph('Chapter intro.'),
        heading('Risks', 2),
        paragraph('Flooding.'),
        heading('Detail', 3),
        paragraph('Pumps.'),
        heading('Costs', 2),
        paragraph('Money.'),
        heading('Chapter 3', 1),
        paragraph('End.'),
      ]),
    );
    expect(result.chunks.map((chunk) => [chunk.text, chunk.headingPath])).toEqual([
      ['Preface text.', []],
      ['Chapter 2\n\nChapter intro.', ['Chapter 2']],
      ['Risks\n\nFlooding.', ['Chapter 2', 'Risks']],
      ['Detail\n\nPumps.', ['Chapter 2', 'Risks', 'Detail']],
      ['Costs\n\nMoney.', ['Chapter 2', 'Costs']],
      ['Chapter 3\n\nEnd.', ['Chapter 3']],
    ]);
  });

  it('never makes a chunk of only a heading: consecutive headings open the next chunk together', () => {
    const result = chunkDocument(doc([heading('Chapter 2', 1), heading('Risks', 2), paragraph('Body.')]));
    expect(result.chunks.map((chunk) => [chunk.text, chunk.headingPath])).toEqual([
      ['Chapter 2\n\nRisks\n\nBody.', ['Chapter 2', 'Risks']],
    ]);
    const onlyHeadings = chunkDocument(doc([heading('Just a title', 1)]));
    expect(onlyHeadings.chunks.map((chunk) => chunk.text)).toEqual(['Just a title']);
  });

  it('splits long text at sentences within the target and carries trailing sentences as overlap', () => {
    const result = chunkDocument(doc([heading('Log', 1), paragraph(sentences(1, 60))]), {
      targetTokens: 40,
      overlapTokens: 10,
    });
    expectWellFormed(result, 40, countTokens('Log'));
    expectCovered(result);
    expect(result.chunks.length).toBeGreaterThan(8);
    for (const chunk of result.chunks) expect(chunk.headingPath).toEqual(['Log']);
    for (let index = 1; index < result.chunks.length; index += 1) {
      const previous = result.chunks[index - 1] as ChunkDraft;
      const chunk = result.chunks[index] as ChunkDraft;
      // The overlap is the previous chunk's last sentence: whole, and within the overlap budget.
      expect(chunk.start).toBeLessThan(previous.end);
      const overlap = result.text.slice(chunk.start, previous.end);
      expect(overlap).toMatch(/^Sentence \d+ talks about item \d+\.$/);
      expect(countTokens(overlap)).toBeLessThanOrEqual(10);
    }
  });

  it('does not overlap when overlapTokens is 0', () => {
    const result = chunkDocument(doc([paragraph(sentences(1, 40))]), { targetTokens: 30, overlapTokens: 0 });
    expectWellFormed(result, 30);
    for (let index = 1; index < result.chunks.length; index += 1) {
      expect((result.chunks[index] as ChunkDraft).start).toBeGreaterThan((result.chunks[index - 1] as ChunkDraft).end);
    }
  });

  it('cuts a sentence longer than the target at words, and a run without spaces at tokens', () => {
    const words = Array.from({ length: 500 }, (_, index) => `word${index}`).join(' ');
    const blob = 'QUJD'.repeat(2000);
    const result = chunkDocument(doc([paragraph(words), paragraph(blob)]), { targetTokens: 50, overlapTokens: 5 });
    expectWellFormed(result, 50);
    expectCovered(result);
    const wordChunks = result.chunks.filter((chunk) => chunk.text.startsWith('word') || chunk.text.includes(' word'));
    for (const chunk of wordChunks) expect(chunk.text).toMatch(/^word\d+( word\d+)*$/);
  });

  it('keeps a chunk on one page and does not overlap across pages', () => {
    const result = chunkDocument(
      doc(
        [
          heading('Report', 1, 1),
          paragraph(sentences(1, 3), 1),
          paragraph(sentences(4, 3), 2),
          heading('Annex', 1, 2),
          paragraph(sentences(7, 2), 3),
        ],
        'pdf',
      ),
    );
    expectWellFormed(result, 256, 5);
    expect(result.chunks.map((chunk) => [chunk.page, chunk.headingPath, chunk.text.slice(0, 12)])).toEqual([
      [1, ['Report'], 'Report\n\nSent'],
      [2, ['Report'], 'Sentence 4 t'],
      // A heading at the foot of page 2 with its text on page 3 lives on in the heading path.
      [3, ['Annex'], 'Sentence 7 t'],
    ]);
    for (let index = 1; index < result.chunks.length; index += 1) {
      expect((result.chunks[index] as ChunkDraft).start).toBeGreaterThan((result.chunks[index - 1] as ChunkDraft).end);
    }
  });

  it('does not carry overlap into a new section', () => {
    const result = chunkDocument(doc([heading('A', 1), paragraph(sentences(1, 20)), heading('B', 1), paragraph('Short.')]), {
      targetTokens: 40,
      overlapTokens: 10,
    });
    const last = result.chunks[result.chunks.length - 1] as ChunkDraft;
    expect(last.text).toBe('B\n\nShort.');
    expect(last.headingPath).toEqual(['B']);
  });

  it('keeps its invariants on mixed random documents', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const vocabulary = ['the', 'harbour', 'information', 'risk,', 'Copper', 'prices', 'fell.', '42%', '東京', 'naïve', 'x'];
    for (let round = 0; round < 30; round += 1) {
      const blocks: Block[] = [];
      let page = 1;
      const count = 1 + Math.floor(random() * 40);
      for (let index = 0; index < count; index += 1) {
        if (random() < 0.1) page += 1;
        if (random() < 0.2) {
          blocks.push(heading(`Heading ${index}`, 1 + Math.floor(random() * 3), page));
          continue;
        }
        const length = Math.floor(random() * 300);
        const words = Array.from({ length }, () => vocabulary[Math.floor(random() * vocabulary.length)] as string);
        blocks.push(paragraph(words.join(random() < 0.5 ? ' ' : '\n'), page));
      }
      const target = 10 + Math.floor(random() * 100);
      const result = chunkDocument(doc(blocks, 'pdf'), { targetTokens: target, overlapTokens: Math.floor(target / 4) });
      expectWellFormed(result, target, 3 * countTokens('Heading 99'));
      const spans: { start: number; end: number; block: Block }[] = [];
      let offset = 0;
      for (const block of blocks) {
        spans.push({ start: offset, end: offset + block.text.length, block });
        offset += block.text.length + 2;
      }
      for (const chunk of result.chunks) {
        const inside = spans.filter((span) => span.start < chunk.end && span.end > chunk.start && span.block.kind !== 'heading');
        // Only a document with nothing but headings has a chunk without body text.
        if (inside.length === 0) expect(result.chunks).toHaveLength(1);
        else expect(new Set(inside.map((span) => span.block.page))).toEqual(new Set([chunk.page]));
      }
    }
  });

  it('returns no chunks for a document without text', () => {
    expect(chunkDocument(doc([])).chunks).toEqual([]);
  });
});
