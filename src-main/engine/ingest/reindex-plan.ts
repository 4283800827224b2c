import type { StoredChunk } from '../store/library-repository';
import { matchChunks, type ChunkMatch } from './match-chunks';
import type { ChunkDraft } from '../store/chunk-draft';

/** The stored version of a document, as far as re-indexing compares it. */
export interface StoredVersion {
  readonly contentHash: string;
  readonly title: string | null;
  readonly pages: number | null;
  readonly text: string | null;
  readonly chunks: readonly StoredChunk[];
}

/** The re-read version of a document. */
export interface FreshVersion {
  readonly contentHash: string;
  readonly title: string | null;
  readonly pages: number | null;
  readonly text: string;
  readonly chunks: readonly ChunkDraft[];
  /** Content hash of each chunk's indexing text, in order. */
  readonly chunkHashes: readonly string[];
}

export interface ReindexPlan {
  readonly match: ChunkMatch;
  /** Nothing differs: the stored rows stay as they are (no write, no new index version). */
  readonly unchanged: boolean;
  /** Indexes of the new chunks that need rows and vectors. */
  readonly freshIndexes: readonly number[];
}

/** Decides what re-indexing a document writes: the chunks that keep their ids, and whether anything changed. */
export function planReindex(stored: StoredVersion | null, fresh: FreshVersion): ReindexPlan {
  const match = matchChunks(
    stored?.chunks ?? [],
    fresh.chunkHashes.map((contentHash) => ({ contentHash })),
  );
  const freshIndexes = match.keptIds.flatMap((id, index) => (id === null ? [index] : []));
  if (!stored) return { match, unchanged: false, freshIndexes };
  const byId = new Map(stored.chunks.map((chunk) => [chunk.id, chunk]));
  const samePlaces = fresh.chunks.every((chunk, index) => {
    const kept = byId.get(match.keptIds[index] ?? -1);
    return (
      kept !== undefined &&
      kept.ordinal === chunk.ordinal &&
      kept.start === chunk.start &&
      kept.end === chunk.end &&
      kept.page === chunk.page &&
      kept.tokenCount === chunk.tokenCount
    );
  });
  const unchanged =
    samePlaces &&
    match.removedIds.length === 0 &&
    stored.contentHash === fresh.contentHash &&
    stored.title === fresh.title &&
    stored.pages === fresh.pages &&
    stored.text === fresh.text;
  return { match, unchanged, freshIndexes };
}
