/** Cosine distance (1 − cosine similarity) of two vectors of equal length; 1 for a zero vector. */
export function cosineDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 1;
  return 1 - dot / Math.sqrt(normA * normB);
}

/** The closest candidate within `maxDistance`, or null. Candidates of another dimension are skipped. */
export function closestQuestion<T extends { readonly embedding: Float32Array }>(
  query: Float32Array,
  candidates: readonly T[],
  maxDistance: number,
): { readonly entry: T; readonly distance: number } | null {
  let best: { entry: T; distance: number } | null = null;
  for (const entry of candidates) {
    if (entry.embedding.length !== query.length) continue;
    const distance = cosineDistance(query, entry.embedding);
    if (distance <= maxDistance && (!best || distance < best.distance)) best = { entry, distance };
  }
  return best;
}
