import { describe, expect, it } from 'vitest';
import { isHeadingLike, sentencesOf } from '../../../../src-main/engine/answer/sentences';
import { hit } from '../../../helpers/hits';

describe('isHeadingLike', () => {
  it('takes headings, titles and list labels for what they are', () => {
    expect(isHeadingLike('Annual report 2023')).toBe(true);
    expect(isHeadingLike('Termination for convenience')).toBe(true);
    expect(isHeadingLike('Key risks:')).toBe(true);
    expect(isHeadingLike('2. Fees')).toBe(true);
    expect(isHeadingLike('Operating margin', ['Annual report 2023', 'Operating margin'])).toBe(true);
  });

  it('keeps sentences, and short lines that state a figure', () => {
    expect(isHeadingLike('Revenue grew by 7%.')).toBe(false);
    expect(isHeadingLike('Notice period: 90 days')).toBe(false);
    expect(isHeadingLike('Margin | 9.2% | 7.6%')).toBe(false);
    expect(isHeadingLike('The depot manager said that two routes have been understaffed since the summer holidays began')).toBe(false);
  });
});

describe('sentencesOf', () => {
  it('never returns a heading or the title as a sentence, and keeps offsets into the passage', () => {
    const text = 'Annual report 2023\n\nOperating margin\n\nThe operating margin fell to 7.6%. Diesel cost more.\n\nOutlook';
    const passage = hit(1, text, { title: 'Annual report 2023', headingPath: ['Annual report 2023', 'Operating margin'] });
    const sentences = sentencesOf(passage, 0);
    expect(sentences.map((s) => s.text)).toEqual(['The operating margin fell to 7.6%.', 'Diesel cost more.']);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it('drops a title line above a plain-text paragraph and joins hard-wrapped lines', () => {
    const text = 'SERVICES AGREEMENT\nEither party may terminate this agreement\nby giving ninety days notice. Fees are monthly and fixed.';
    const sentences = sentencesOf(hit(1, text, { title: null }), 3);
    expect(sentences.map((s) => s.text)).toEqual([
      'Either party may terminate this agreement by giving ninety days notice.',
      'Fees are monthly and fixed.',
    ]);
    expect(sentences.every((s) => s.hitIndex === 3)).toBe(true);
  });
});
