import type { Citation } from '../../../src-shared/schemas/answer';
import type { SearchHit } from '../../../src-shared/schemas/search';

/** A citation marker as models write it: [1], [2, 3], [4-5] is not taken as a range. */
const markerPattern = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

export interface ValidatedCitations {
  readonly text: string;
  readonly citations: Citation[];
  /** Markers that pointed to no retrieved passage and were removed. */
  readonly removed: number;
}

/** Keeps the passage numbers a marker names that exist; returns the marker to keep ('' when none). */
function filterMarker(inside: string, passageCount: number): { kept: string; removed: number } {
  const numbers = inside.split(',').map((part) => Number(part.trim()));
  const valid = numbers.filter((n) => Number.isInteger(n) && n >= 1 && n <= passageCount);
  return { kept: valid.length > 0 ? `[${valid.join(', ')}]` : '', removed: numbers.length - valid.length };
}

function tidy(text: string): string {
  return text.replace(/[ \t]{2,}/g, ' ').replace(/ +([.,;:!?])/g, '$1');
}

/** Removes markers that point to no passage and lists a citation with provenance for each one cited. */
export function validateCitations(answer: string, hits: readonly SearchHit[]): ValidatedCitations {
  let removed = 0;
  const cited = new Set<number>();
  const text = answer.replace(markerPattern, (_whole, inside: string) => {
    const result = filterMarker(inside, hits.length);
    removed += result.removed;
    for (const match of result.kept.matchAll(/\d+/g)) cited.add(Number(match[0]));
    return result.kept;
  });
  const citations = [...cited].sort((a, b) => a - b).map((n) => citationOf(hits[n - 1]!, n));
  return { text: tidy(text), citations, removed };
}

/**
 * Cleans citation markers while tokens stream: text that may still become a marker is held back
 * until it closes, so a marker pointing nowhere never reaches the screen.
 */
export function createCitationStreamFilter(passageCount: number) {
  let pending = '';
  let removed = 0;
  return {
    push(delta: string): string {
      pending += delta;
      let out = '';
      while (pending.length > 0) {
        const open = pending.indexOf('[');
        if (open === -1) {
          out += pending;
          pending = '';
          break;
        }
        out += pending.slice(0, open);
        pending = pending.slice(open);
        const match = /^\[(\d+(?:\s*,\s*\d+)*)\]/.exec(pending);
        if (match) {
          const result = filterMarker(match[1]!, passageCount);
          removed += result.removed;
          out += result.kept;
          pending = pending.slice(match[0].length);
          continue;
        }
        // Still possibly a marker in the making: wait for more text.
        if (/^\[[\d\s,]*$/.test(pending) && pending.length < 24) break;
        out += pending[0];
        pending = pending.slice(1);
      }
      return out;
    },
    /** Whatever is held back when the stream ends. */
    flush(): string {
      const rest = pending;
      pending = '';
      return rest;
    },
    removed: () => removed,
  };
}

/** Citation n of a retrieved passage, quoting `span` of its text (the whole passage by default). */
export function citationOf(
  hit: SearchHit,
  n: number,
  span: { readonly start: number; readonly end: number } = { start: 0, end: hit.text.length },
): Citation {
  return {
    n,
    chunkId: hit.chunkId,
    documentId: hit.documentId,
    path: hit.path,
    title: hit.title,
    page: hit.page,
    headingPath: hit.headingPath,
    start: hit.start + span.start,
    end: hit.start + span.end,
    text: hit.text.slice(span.start, span.end),
  };
}
