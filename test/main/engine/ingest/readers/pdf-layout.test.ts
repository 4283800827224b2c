import { describe, expect, it } from 'vitest';
import { joinLetterSpaced, pageLines, type PdfTextRun } from '../../../../../src-main/engine/ingest/readers/pdf-layout';

/** A run at (x, y) of the given width, size 10. */
function run(str: string, x: number, width: number, dir = 'ltr', y = 700): PdfTextRun {
  return { str, transform: [10, 0, 0, 10, x, y], width, hasEOL: false, dir };
}

describe('pdf layout', () => {
  it('reads a right-to-left line from its right edge, as pdf.js lays Arabic words out left to right', () => {
    // "انواع الخطوط العربية" (kinds of Arabic fonts): pdf.js gives the words left to right on the page.
    const runs = [run('العربية', 160, 60, 'rtl'), run('الخطوط', 230, 55, 'rtl'), run('انواع', 295, 40, 'rtl')];
    expect(pageLines(1, runs).map((line) => line.text)).toEqual(['انواع الخطوط العربية']);
  });

  it('keeps content-stream order for left-to-right lines, with a space where runs leave a gap', () => {
    const runs = [run('Harbour', 10, 40), run('tariffs', 55, 35), run('rose', 95, 20)];
    expect(pageLines(1, runs).map((line) => line.text)).toEqual(['Harbour tariffs rose']);
  });

  it('orders a mostly Hebrew line right to left even with a number run inside it', () => {
    const runs = [run('2024', 100, 20), run('בשנת', 125, 25, 'rtl'), run('נבנה', 155, 25, 'rtl')];
    expect(pageLines(1, runs).map((line) => line.text)).toEqual(['נבנה בשנת 2024']);
  });

  it('joins letter-spaced words and leaves ordinary text alone', () => {
    expect(joinLetterSpaced('T h e  M e t r o p o l i s')).toBe('The  Metropolis');
    expect(joinLetterSpaced('Plan B is a fallback')).toBe('Plan B is a fallback');
    expect(joinLetterSpaced('a b')).toBe('a b');
  });

  it('puts a wide gap between letter-spaced runs as a word break', () => {
    const letters = 'Thecity'.split('');
    const runs = letters.map((letter, index) => run(letter, 10 + index * 10 + (index >= 3 ? 10 : 0), 5));
    expect(pageLines(1, runs).map((line) => line.text)).toEqual(['The city']);
  });
});
