import { describe, expect, it } from 'vitest';
import { matchChunks, type StoredChunkKey } from '../../../../src-main/engine/ingest/match-chunks';

const stored = (hashes: string[]): StoredChunkKey[] => hashes.map((contentHash, ordinal) => ({ id: 100 + ordinal, ordinal, contentHash }));
const fresh = (hashes: string[]) => hashes.map((contentHash) => ({ contentHash }));

describe('matching a re-read document to its stored chunks', () => {
  it('keeps every id when nothing changed', () => {
    expect(matchChunks(stored(['a', 'b', 'c']), fresh(['a', 'b', 'c']))).toEqual({ keptIds: [100, 101, 102], removedIds: [] });
  });

  it('keeps the unchanged chunks around an edited one, and across an inserted one', () => {
    expect(matchChunks(stored(['a', 'b', 'c']), fresh(['a', 'B', 'c']))).toEqual({ keptIds: [100, null, 102], removedIds: [101] });
    expect(matchChunks(stored(['a', 'b', 'c']), fresh(['new', 'a', 'b', 'c']))).toEqual({ keptIds: [null, 100, 101, 102], removedIds: [] });
    expect(matchChunks(stored(['a', 'b', 'c']), fresh(['c', 'a']))).toEqual({ keptIds: [102, 100], removedIds: [101] });
  });

  it('gives repeated paragraphs the ids nearest their own place', () => {
    expect(matchChunks(stored(['x', 'a', 'x']), fresh(['a', 'x', 'x']))).toEqual({ keptIds: [101, 100, 102], removedIds: [] });
    expect(matchChunks(stored(['x', 'x']), fresh(['x']))).toEqual({ keptIds: [100], removedIds: [101] });
  });

  it('holds its invariants on random edits: each id kept once, only for an equal hash', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round += 1) {
      const before = Array.from({ length: 1 + Math.floor(random() * 12) }, () => 'abcdef'[Math.floor(random() * 6)]!);
      const after = before.filter(() => random() > 0.2).map((hash) => (random() > 0.8 ? hash.toUpperCase() : hash));
      const old = stored(before);
      const { keptIds, removedIds } = matchChunks(old, fresh(after));
      const kept = keptIds.filter((id): id is number => id !== null);
      expect(new Set(kept).size).toBe(kept.length);
      for (const [index, id] of keptIds.entries())
        if (id !== null) expect(old.find((chunk) => chunk.id === id)?.contentHash).toBe(after[index]);
      expect([...kept, ...removedIds].sort()).toEqual(old.map((chunk) => chunk.id).sort());
      // A hash present in both versions is never dropped while a chunk with that hash is left unmatched.
      for (const [index, id] of keptIds.entries()) {
        if (id === null)
          expect(removedIds.some((removed) => old.find((chunk) => chunk.id === removed)?.contentHash === after[index])).toBe(false);
      }
    }
  });
});
