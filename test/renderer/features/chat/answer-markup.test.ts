import { describe, expect, it } from 'vitest';
import { highlightRange, splitCitations } from '../../../../src-renderer/features/chat/answer-markup';

describe('splitCitations', () => {
  it('turns known [n] markers into citation pieces and keeps the text between them', () => {
    expect(splitCitations('Wings stall at high angles [1]. Flaps help [2].', new Set([1, 2]))).toEqual([
      { kind: 'text', text: 'Wings stall at high angles ' },
      { kind: 'citation', n: 1 },
      { kind: 'text', text: '. Flaps help ' },
      { kind: 'citation', n: 2 },
      { kind: 'text', text: '.' },
    ]);
  });

  it('treats every marker as a citation while the answer streams', () => {
    expect(splitCitations('Flaps help [2]', null)).toEqual([
      { kind: 'text', text: 'Flaps help ' },
      { kind: 'citation', n: 2 },
    ]);
  });

  it('leaves markers that point to no citation as plain text', () => {
    expect(splitCitations('See [3] and [1]', new Set([1]))).toEqual([
      { kind: 'text', text: 'See [3] and ' },
      { kind: 'citation', n: 1 },
    ]);
  });
});

describe('highlightRange', () => {
  const passage = { start: 100, text: 'First sentence. The cited part. Last one.' };

  it('marks the cited characters inside the passage by document offsets', () => {
    expect(highlightRange(passage, { start: 116, end: 131 })).toEqual({
      before: 'First sentence. ',
      marked: 'The cited part.',
      after: ' Last one.',
    });
  });

  it('clamps a citation that runs past the passage, and marks all of it when they do not overlap', () => {
    expect(highlightRange(passage, { start: 132, end: 999 }).marked).toBe('Last one.');
    expect(highlightRange(passage, { start: 0, end: 10 })).toEqual({ before: '', marked: passage.text, after: '' });
  });
});
