import { basename } from 'node:path';
import type { z } from 'zod';
import { AppError, isAppError } from '../../../src-shared/errors';
import type { Passage, PassageRequest } from '../../../src-shared/schemas/library';
import type { LibraryRepository } from './library-repository';

export interface QuoteSpan {
  readonly start: number;
  readonly end: number;
}

/** Pieces of a quote worth looking for alone: sentences (or lines) of four words or more. */
function piecesOf(quote: string): string[] {
  return quote
    .split(/(?<=[.!?;:])\s+|\n+/)
    .map((piece) => piece.trim())
    .filter((piece) => piece.split(/\s+/).length >= 4);
}

/**
 * Where a citation's quoted text is in a document's current text: the whole quote if it is still
 * there, else the closest-together run of its sentences that survived the edit (the run with the
 * most quoted characters). Null when no sentence of it is left.
 */
export function locateQuote(text: string, quote: string): QuoteSpan | null {
  const trimmed = quote.trim();
  if (trimmed === '') return null;
  const exact = text.indexOf(trimmed);
  if (exact >= 0) return { start: exact, end: exact + trimmed.length };
  const found = piecesOf(trimmed)
    .map((piece) => ({ start: text.indexOf(piece), length: piece.length }))
    .filter((piece) => piece.start >= 0)
    .sort((a, b) => a.start - b.start);
  let best: { start: number; end: number; chars: number } | null = null;
  let run: { start: number; end: number; chars: number } | null = null;
  for (const piece of found) {
    // Sentences of one passage lie within about the quote's length of each other.
    if (run && piece.start - run.end <= trimmed.length) {
      run = { start: run.start, end: Math.max(run.end, piece.start + piece.length), chars: run.chars + piece.length };
    } else run = { start: piece.start, end: piece.start + piece.length, chars: piece.length };
    if (!best || run.chars > best.chars) best = run;
  }
  return best ? { start: best.start, end: best.end } : null;
}

type Request = z.output<typeof PassageRequest>;

/**
 * A citation's passage. Chunk ids survive re-indexing when the chunk did not change; when it changed
 * or went away, the quoted text is looked for in the document's current version, and when it is not
 * there either the error says that the document changed (or was removed), in words.
 */
export function findPassage(library: LibraryRepository, request: Request): Passage {
  try {
    return { ...library.passage(request.chunkId, request.contextChars), found: 'cited' };
  } catch (error) {
    if (!isAppError(error, 'not-found') || request.quote === undefined) throw error;
  }
  const name = request.path ? `“${basename(request.path)}”` : 'The document';
  const document = library.currentDocument(request.documentId ?? null, request.path ?? null);
  if (!document) throw new AppError('not-found', `${name} is no longer in the library: it was removed after this answer was written.`);
  const span = locateQuote(library.documentText(document.id) ?? '', request.quote);
  const chunkId = span ? library.chunkAt(document.id, span) : null;
  if (!span || chunkId === null) {
    throw new AppError('not-found', `${name} has changed since this answer was written, and the cited passage is no longer in it.`);
  }
  return { ...library.passage(chunkId, request.contextChars), found: 'quote', highlight: span };
}
