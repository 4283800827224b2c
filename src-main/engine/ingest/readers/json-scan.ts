/**
 * One linear pass over JSON text before `JSON.parse`, for what `JSON.parse` cannot do on Node 20:
 * keep integers above 2^53 exactly (they are quoted, so they reach the index as their digits; the
 * reviver's source-text access is not in Node 20, and no lossless parser is among our packages),
 * find where each of several concatenated top-level values starts and ends, and measure nesting
 * before any recursive code meets it. It knows strings and escapes and nothing else: `JSON.parse`
 * still judges validity.
 */

/** The text with unsafe integers quoted, and where each top-level value lies in it. */
export interface JsonScan {
  readonly text: string;
  /** [start, end) of each top-level value in `text`; one entry for an ordinary file. */
  readonly values: readonly (readonly [number, number])[];
  /** Deepest nesting of arrays and objects. */
  readonly depth: number;
}

const quote = 0x22;
const backslash = 0x5c;

function isNumberStart(code: number): boolean {
  return code === 0x2d || (code >= 0x30 && code <= 0x39);
}

function isNumberPart(code: number): boolean {
  return isNumberStart(code) || code === 0x2b || code === 0x2e || code === 0x45 || code === 0x65;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** An integer literal JSON.parse would change ("505874924095815681" → 505874924095815700). */
export function isUnsafeInteger(token: string): boolean {
  return /^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token));
}

/** Scans JSON text; see the file header. */
export function scanJson(source: string): JsonScan {
  const pieces: string[] = [];
  const values: [number, number][] = [];
  let copiedUpTo = 0;
  let shift = 0; // characters added by quoting so far, to map source offsets into the new text
  let depth = 0;
  let deepest = 0;
  let valueStart = -1;
  const closeValue = (end: number): void => {
    values.push([valueStart + 0, end]);
    valueStart = -1;
  };
  let index = 0;
  while (index < source.length) {
    const code = source.charCodeAt(index);
    if (valueStart === -1 && !isSpace(code) && depth === 0) valueStart = index + shift;
    if (code === quote) {
      index = stringEnd(source, index);
      if (depth === 0) closeValue(index + shift);
      continue;
    }
    if (code === 0x5b || code === 0x7b) {
      depth += 1;
      deepest = Math.max(deepest, depth);
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
      if (depth === 0) closeValue(index + 1 + shift);
    } else if (isNumberStart(code)) {
      let end = index + 1;
      while (end < source.length && isNumberPart(source.charCodeAt(end))) end += 1;
      if (isUnsafeInteger(source.slice(index, end))) {
        pieces.push(source.slice(copiedUpTo, index), `"${source.slice(index, end)}"`);
        copiedUpTo = end;
        shift += 2;
      }
      index = end;
      if (depth === 0) closeValue(index + shift);
      continue;
    } else if (depth === 0 && !isSpace(code)) {
      // true, false, null (or garbage, which JSON.parse will name) at the top level.
      let end = index + 1;
      while (end < source.length && /[a-z]/i.test(source[end] as string)) end += 1;
      index = end;
      closeValue(index + shift);
      continue;
    }
    index += 1;
  }
  if (valueStart !== -1) values.push([valueStart, source.length + shift]);
  pieces.push(source.slice(copiedUpTo));
  return { text: pieces.join(''), values, depth: deepest };
}

/** Index just past the closing quote of the string opening at `start` (or the end of the text). */
function stringEnd(source: string, start: number): number {
  let index = start + 1;
  while (index < source.length) {
    const code = source.charCodeAt(index);
    if (code === backslash) index += 2;
    else if (code === quote) return index + 1;
    else index += 1;
  }
  return source.length;
}
