import { createHash } from 'node:crypto';
import type { Citation } from '../../../src-shared/schemas/answer';
import type { Db } from '../store/database';
import type { CachedAnswer } from './cached-answer';

/** A cached answer as the team tier holds it: citations also carry content hashes, since ids are per library. */
export interface SharedAnswer extends CachedAnswer {
  readonly citationHashes: readonly { readonly chunk: string; readonly document: string }[];
}

export interface SharedAnswers {
  /** A digest of the scope's contents and active embedder, recomputed only when the local version moves. */
  fingerprint(collection: string | null, localVersion: string): string;
  /** Adds the content hashes of each cited chunk; null if a cited chunk is already gone. */
  toShared(answer: CachedAnswer): SharedAnswer | null;
  /** Re-points citations at this library's chunks; null when one has no match in the scope. */
  toLocal(shared: SharedAnswer, collection: string | null): CachedAnswer | null;
}

/**
 * Translates answers between this library and the team tier. Two libraries share an entry only when
 * the scope holds exactly the same document contents under the same active embedder, so the key uses
 * a content fingerprint instead of the local version counter; citations are re-pointed at the local
 * chunks holding the same text.
 */
export function createSharedAnswers(db: Db): SharedAnswers {
  const memo = new Map<string, { localVersion: string; fingerprint: string }>();
  const statements = {
    libraryHashes: db.prepare<[], string>('SELECT content_hash FROM documents ORDER BY content_hash').pluck(),
    collectionHashes: db
      .prepare<[string], string>(
        'SELECT d.content_hash FROM documents d JOIN collections c ON c.id = d.collection_id WHERE c.name = ? ORDER BY d.content_hash',
      )
      .pluck(),
    activeEmbedder: db.prepare<[], string>("SELECT id FROM embedders WHERE state = 'active' ORDER BY activated_at DESC LIMIT 1").pluck(),
    hashesOfChunk: db.prepare<[number], { chunk: string; document: string }>(
      'SELECT ch.content_hash AS chunk, d.content_hash AS document FROM chunks ch JOIN documents d ON d.id = ch.document_id WHERE ch.id = ?',
    ),
    localChunk: db.prepare<
      [string, string],
      { chunkId: number; documentId: number; path: string; title: string | null; collection: string }
    >(
      `SELECT ch.id AS chunkId, d.id AS documentId, d.path, d.title, c.name AS collection
       FROM chunks ch JOIN documents d ON d.id = ch.document_id JOIN collections c ON c.id = d.collection_id
       WHERE ch.content_hash = ? AND d.content_hash = ? ORDER BY d.id`,
    ),
  };

  return {
    /** A digest of the scope's contents and active embedder, recomputed only when the local version moves. */
    fingerprint(collection: string | null, localVersion: string): string {
      const memoKey = collection ?? '\u0000all';
      const known = memo.get(memoKey);
      if (known?.localVersion === localVersion) return known.fingerprint;
      const hashes = collection === null ? statements.libraryHashes.all() : statements.collectionHashes.all(collection);
      const hash = createHash('sha256').update(statements.activeEmbedder.get() ?? 'no-embedder');
      for (const contentHash of hashes) hash.update(`\n${contentHash}`);
      const fingerprint = hash.digest('base64url');
      memo.set(memoKey, { localVersion, fingerprint });
      return fingerprint;
    },
    /** Adds the content hashes of each cited chunk; null if a cited chunk is already gone. */
    toShared(answer: CachedAnswer): SharedAnswer | null {
      const citationHashes: { chunk: string; document: string }[] = [];
      for (const citation of answer.citations) {
        const hashes = statements.hashesOfChunk.get(citation.chunkId);
        if (!hashes) return null;
        citationHashes.push(hashes);
      }
      return { ...answer, citationHashes };
    },
    /** Re-points citations at this library's chunks; null when one has no match in the scope. */
    toLocal(shared: SharedAnswer, collection: string | null): CachedAnswer | null {
      if (shared.citationHashes.length !== shared.citations.length) return null;
      const citations: Citation[] = [];
      for (const [index, citation] of shared.citations.entries()) {
        const hashes = shared.citationHashes[index]!;
        const local = statements.localChunk
          .all(hashes.chunk, hashes.document)
          .find((row) => collection === null || row.collection === collection);
        if (!local) return null;
        citations.push({ ...citation, chunkId: local.chunkId, documentId: local.documentId, path: local.path, title: local.title });
      }
      const { citationHashes: _dropped, ...answer } = shared;
      return { ...answer, citations };
    },
  };
}
