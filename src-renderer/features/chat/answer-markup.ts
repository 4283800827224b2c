/** A piece of an answer: plain text, or a citation marker like `[2]`. */
export type AnswerPiece = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'citation'; readonly n: number };

/**
 * Splits answer text at its `[n]` markers so each can be drawn as a chip. Markers whose number is
 * not a known citation stay as text, so a stray bracket never becomes a dead button; with `known`
 * null (the answer is still streaming) every marker counts.
 */
export function splitCitations(text: string, known: ReadonlySet<number> | null): AnswerPiece[] {
  const pieces: AnswerPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    const n = Number(match[1]);
    if (known && !known.has(n)) continue;
    if (match.index > last) pieces.push({ kind: 'text', text: text.slice(last, match.index) });
    pieces.push({ kind: 'citation', n });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

/** The passage split into the text before the cited part, the cited part, and the text after. */
export function highlightRange(
  passage: { readonly start: number; readonly text: string },
  cited: { readonly start: number; readonly end: number },
): { before: string; marked: string; after: string } {
  const from = Math.max(0, Math.min(passage.text.length, cited.start - passage.start));
  const to = Math.max(from, Math.min(passage.text.length, cited.end - passage.start));
  if (from === to) return { before: '', marked: passage.text, after: '' };
  return { before: passage.text.slice(0, from), marked: passage.text.slice(from, to), after: passage.text.slice(to) };
}
