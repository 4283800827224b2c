/**
 * Turns the positioned text items of PDF pages into lines, paragraphs and headings. PDF has no
 * paragraphs, only glyph runs at coordinates, and pdfjs hands back those runs; grouping them by
 * baseline and vertical gaps is the part no library does for us in Node, so it is written here.
 */

/** A run of text at a position, as pdfjs's getTextContent returns it (only the fields we use). */
export interface PdfTextRun {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
  readonly hasEOL: boolean;
  /** Writing direction pdfjs found for the run; its `str` is already in logical order. */
  readonly dir?: string;
}

/** One visual line of a page. */
export interface PdfLine {
  readonly page: number;
  readonly text: string;
  /** Baseline y in PDF units (grows upwards). */
  readonly y: number;
  /** Font size of the line's largest run. */
  readonly size: number;
}

/** A paragraph or heading found on a page. */
export interface PdfParagraph {
  readonly page: number;
  readonly text: string;
  readonly headingLevel: number | null;
}

/** A line is a heading when its font is this much larger than the body text's. */
const headingScale = 1.2;
/** Longer lines are body text set large, not headings. */
const maxHeadingChars = 150;
/** A vertical gap above this many line heights starts a new paragraph. */
const paragraphGap = 1.5;

interface PlacedRun {
  readonly text: string;
  readonly x: number;
  readonly end: number;
  readonly size: number;
  readonly rtl: boolean;
}

/** Groups a page's runs into lines by baseline, putting spaces where runs leave a visible gap. */
export function pageLines(page: number, runs: readonly PdfTextRun[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let group: PlacedRun[] = [];
  let lineY = 0;
  let lineSize = 0;
  const finish = (): void => {
    const text = lineText(group);
    if (text.length > 0) lines.push({ page, text, y: lineY, size: lineSize });
    group = [];
    lineSize = 0;
  };
  for (const run of runs) {
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = run.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    if (run.str.length > 0) {
      if (group.length > 0 && Math.abs(y - lineY) > Math.max(size, lineSize) * 0.5) finish();
      if (group.length === 0) lineY = y;
      group.push({ text: run.str, x, end: x + run.width, size, rtl: run.dir === 'rtl' });
      lineSize = Math.max(lineSize, size);
    }
    if (run.hasEOL) finish();
  }
  finish();
  return lines;
}

/**
 * A line's text. Runs come in content-stream order, which for left-to-right text is reading order;
 * a line set mostly right to left (Arabic, Hebrew) is laid out left to right on the page, so its
 * runs are read from the right edge. Spaces go where runs leave a visible gap.
 */
function lineText(group: readonly PlacedRun[]): string {
  const rtlChars = group.reduce((sum, run) => sum + (run.rtl ? run.text.length : 0), 0);
  const totalChars = group.reduce((sum, run) => sum + run.text.trim().length, 0);
  const rtl = rtlChars * 2 > totalChars;
  const ordered = rtl ? [...group].sort((left, right) => right.end - left.end) : group;
  const parts: string[] = [];
  let previous: PlacedRun | null = null;
  for (const run of ordered) {
    if (previous !== null) {
      const gap = rtl ? previous.x - run.end : run.x - previous.end;
      if (gap > run.size * 0.15) parts.push(gap > run.size * 0.6 ? '  ' : ' ');
    }
    // pdf.js gives the space between words as a run of its own; marking it as a word break lets
    // letter-spaced text ("T h e", " ", "C i t y") be joined word by word.
    parts.push(run.text.trim().length === 0 ? '  ' : run.text);
    previous = run;
  }
  return joinLetterSpaced(parts.join('')).replace(/\s+/g, ' ').trim();
}

/** A single letter (with its combining marks) between spaces. */
const spacedLetter = /^\p{L}\p{M}*$/u;

/**
 * Undoes letter-spacing set with space characters: "T h e  M e t r o p o l i s" becomes
 * "The Metropolis". A stretch of three or more single letters separated by single spaces is one
 * word; a wider space separates words. Ordinary text ("a b" in a list) never has three in a row
 * without a wider gap between words, so it is left alone.
 */
export function joinLetterSpaced(text: string): string {
  if (!/(?:^|\s)\p{L}\p{M}* \p{L}\p{M}* \p{L}/u.test(text)) return text;
  return text
    .split(/(\s{2,})/)
    .map((segment, index) => {
      if (index % 2 === 1) return segment;
      const tokens = segment.split(' ');
      return tokens.length >= 3 && tokens.every((token) => spacedLetter.test(token)) ? tokens.join('') : segment;
    })
    .join('');
}

/** Lines at each end of a page that may be running headers or footers. */
const marginLines = 2;

/**
 * Drops running headers and footers: lines among the first or last two of a page that recur, with
 * digits ignored ("Page 3 of 9", "ACME — Confidential"), on at least half the pages (and on 3 or
 * more), on pages with more than two lines. They repeat on every page, say nothing about it and would otherwise crowd the chunks.
 */
export function withoutRunningLines(lines: readonly PdfLine[], pageCount: number): PdfLine[] {
  if (pageCount < 3) return [...lines];
  const byPage = new Map<number, PdfLine[]>();
  for (const line of lines) {
    const onPage = byPage.get(line.page);
    if (onPage === undefined) byPage.set(line.page, [line]);
    else onPage.push(line);
  }
  const pagesWith = new Map<string, number>();
  const marginKeys = new Map<PdfLine, string>();
  for (const onPage of byPage.values()) {
    // On a page of one or two lines those lines are the content, whatever repeats.
    if (onPage.length <= marginLines) continue;
    const margin = new Set([...onPage.slice(0, marginLines), ...onPage.slice(-marginLines)]);
    const keys = new Set<string>();
    for (const line of margin) {
      const key = line.text.toLowerCase().replace(/\d+/g, '#');
      marginKeys.set(line, key);
      keys.add(key);
    }
    for (const key of keys) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, pageCount / 2);
  return lines.filter((line) => {
    const key = marginKeys.get(line);
    return key === undefined || (pagesWith.get(key) ?? 0) < threshold;
  });
}

/** The font size most of the document's text is set in. */
export function bodyFontSize(lines: readonly PdfLine[]): number {
  const charsBySize = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    charsBySize.set(size, (charsBySize.get(size) ?? 0) + line.text.length);
  }
  let best = 0;
  let bestChars = -1;
  for (const [size, chars] of charsBySize) {
    if (chars > bestChars) {
      best = size;
      bestChars = chars;
    }
  }
  return best;
}

/**
 * Joins lines into paragraphs and headings. Headings are short lines set clearly larger than the
 * body text; their level ranks their font size among the document's heading sizes (largest = 1).
 */
export function paragraphsOf(lines: readonly PdfLine[]): PdfParagraph[] {
  const body = bodyFontSize(lines);
  const isHeading = (line: PdfLine): boolean =>
    body > 0 && line.size >= body * headingScale && line.text.length <= maxHeadingChars && /\p{L}/u.test(line.text);
  const headingSizes = [...new Set(lines.filter(isHeading).map((line) => Math.round(line.size * 2) / 2))].sort(
    (left, right) => right - left,
  );
  const levelOf = (line: PdfLine): number => Math.min(6, headingSizes.indexOf(Math.round(line.size * 2) / 2) + 1);

  const paragraphs: PdfParagraph[] = [];
  let current: { page: number; text: string; heading: boolean; last: PdfLine } | null = null;
  const flush = (): void => {
    if (current !== null) {
      paragraphs.push({ page: current.page, text: current.text, headingLevel: current.heading ? levelOf(current.last) : null });
    }
    current = null;
  };
  for (const line of lines) {
    const heading = isHeading(line);
    if (current !== null && continues(current.last, line, current.heading, heading)) {
      current.text = joinLines(current.text, line.text);
      current.last = line;
      continue;
    }
    flush();
    current = { page: line.page, text: line.text, heading, last: line };
  }
  flush();
  return paragraphs;
}

/** Whether `line` continues the paragraph whose last line is `previous`. */
function continues(previous: PdfLine, line: PdfLine, previousHeading: boolean, heading: boolean): boolean {
  if (line.page !== previous.page || heading !== previousHeading) return false;
  const size = Math.max(previous.size, line.size);
  if (Math.abs(line.size - previous.size) > size * 0.1) return false;
  const gap = previous.y - line.y;
  // A line above the previous one is a new column or a text box placed out of order.
  return gap > 0 && gap <= size * paragraphGap;
}

/** Joins two lines of a paragraph, undoing end-of-line hyphenation ("infor-" + "mation"). */
function joinLines(text: string, next: string): string {
  if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(next)) return text.slice(0, -1) + next;
  return `${text} ${next}`;
}
