import { createHash } from 'node:crypto';

/**
 * The hash `chunks.content_hash` holds: sha256 hex of a chunk's indexing text (text/indexing-text.ts).
 * The embedding cache keys vectors by it, so every writer of chunks and the cache must use this one.
 */
export function textContentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
