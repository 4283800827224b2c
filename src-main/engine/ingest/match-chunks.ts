/** A stored chunk as the matcher sees it: its id, place and content hash. */
export interface StoredChunkKey {
  readonly id: number;
  readonly ordinal: number;
  readonly contentHash: string;
}

/** How a re-read document maps onto its stored chunks. */
export interface ChunkMatch {
  /** For each new chunk (by its index), the id of the stored chunk it keeps, or null for a new one. */
  readonly keptIds: readonly (number | null)[];
  /** Stored chunks no new chunk kept: their text changed or went away. */
  readonly removedIds: readonly number[];
}

/**
 * Matches a re-read document's chunks to the stored ones by content hash, and among equal hashes by
 * position, so an unchanged chunk keeps its id (and every citation to it) however the chunks around
 * it changed. Written by hand because it is a few lines over two lists; a diff library would align
 * by sequence and drop a moved paragraph that still exists.
 *
 * Invariants: a stored chunk is kept at most once; a kept chunk's hash equals the new chunk's; among
 * stored chunks with the same hash, each new chunk takes the unused one nearest its own ordinal, so
 * repeated paragraphs keep their ids in order.
 */
export function matchChunks(stored: readonly StoredChunkKey[], fresh: readonly { readonly contentHash: string }[]): ChunkMatch {
  const byHash = new Map<string, StoredChunkKey[]>();
  for (const chunk of stored) byHash.set(chunk.contentHash, [...(byHash.get(chunk.contentHash) ?? []), chunk]);
  const used = new Set<number>();
  const keptIds = fresh.map((chunk, ordinal) => {
    let best: StoredChunkKey | null = null;
    for (const candidate of byHash.get(chunk.contentHash) ?? []) {
      if (used.has(candidate.id)) continue;
      if (!best || Math.abs(candidate.ordinal - ordinal) < Math.abs(best.ordinal - ordinal)) best = candidate;
    }
    if (!best) return null;
    used.add(best.id);
    return best.id;
  });
  return { keptIds, removedIds: stored.filter((chunk) => !used.has(chunk.id)).map((chunk) => chunk.id) };
}
