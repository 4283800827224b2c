/**
 * Rocchio pseudo-relevance feedback in the embedding space: the query moved toward the mean of the
 * first round's top chunks, then re-normalized. Pure, so it is tested without a library.
 */
export function feedbackVector(query: Float32Array, feedback: readonly Float32Array[], weight: number): Float32Array {
  const out = Float32Array.from(query);
  if (feedback.length === 0 || weight === 0) return out;
  const share = weight / feedback.length;
  for (const vector of feedback) for (let i = 0; i < out.length; i++) out[i]! += share * vector[i]!;
  let norm = 0;
  for (const value of out) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}
