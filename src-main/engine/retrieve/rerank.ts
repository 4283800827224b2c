import { stem, words } from '../text/terms';
import { reciprocalRankFusion } from './fusion';
import type { QueryTerm } from './keyword-search';

/**
 * A local, weight-free reranking of the fused top candidates by term proximity: pairs of the
 * question's terms that the question says next to each other ("associative processors", "user
 * studies") and that a passage also says close together (within a small window, in either order), each
 * pair counted with the smaller of its two idfs, as the sequential dependence model's window features
 * do (Metzler & Croft 2005). Bag-of-words BM25 cannot see this. The proximity ranking is fused with the
 * first ranking by plain RRF (equal weights, so there is no weight to tune); passages with no pair keep
 * their first order. Whether a library uses it at all is decided by its calibration.
 */
export interface RerankCandidate {
  readonly chunkId: number;
  readonly text: string;
}

/** Positions further apart than this do not count as "close" (the SDM's unordered window is 8). */
const window = 8;

/** Adjacent pairs of a question's content terms, as stems (the question's own order). */
export function questionPairs(text: string, terms: readonly QueryTerm[]): [string, string][] {
  const known = new Set(terms.map((term) => term.stem));
  const stems = words(text)
    .map(stem)
    .filter((s) => known.has(s));
  const pairs = new Map<string, [string, string]>();
  for (let i = 1; i < stems.length; i++) {
    const [a, b] = [stems[i - 1]!, stems[i]!];
    if (a !== b) pairs.set(a < b ? `${a} ${b}` : `${b} ${a}`, [a, b]);
  }
  return [...pairs.values()];
}

/** Σ over question pairs that occur within the window in the passage, of the pair's smaller idf. */
export function proximityScore(passage: string, pairs: readonly [string, string][], idf: ReadonlyMap<string, number>): number {
  if (pairs.length === 0) return 0;
  const positions = new Map<string, number[]>();
  words(passage).forEach((word, position) => {
    const key = stem(word);
    if (!idf.has(key)) return;
    let list = positions.get(key);
    if (!list) positions.set(key, (list = []));
    list.push(position);
  });
  let score = 0;
  for (const [a, b] of pairs) {
    const first = positions.get(a);
    const second = positions.get(b);
    if (!first || !second || !closeTogether(first, second)) continue;
    score += Math.min(idf.get(a) ?? 0, idf.get(b) ?? 0);
  }
  return score;
}

function closeTogether(first: readonly number[], second: readonly number[]): boolean {
  // Both lists are ascending: walk them together, as in a merge.
  let i = 0;
  let j = 0;
  while (i < first.length && j < second.length) {
    if (Math.abs(first[i]! - second[j]!) < window) return true;
    if (first[i]! < second[j]!) i++;
    else j++;
  }
  return false;
}

/** The candidates reordered: RRF of their first order and their proximity order (first order breaks ties). */
export function rerankByProximity(
  candidates: readonly RerankCandidate[],
  pairs: readonly [string, string][],
  idf: ReadonlyMap<string, number>,
): number[] {
  const first = candidates.map((candidate) => candidate.chunkId);
  if (pairs.length === 0 || candidates.length < 2) return first;
  const scored = candidates
    .map((candidate, order) => ({ chunkId: candidate.chunkId, order, score: proximityScore(candidate.text, pairs, idf) }))
    .sort((x, y) => y.score - x.score || x.order - y.order);
  if (scored[0]!.score === 0) return first;
  const fused = reciprocalRankFusion([
    { chunkIds: first, weight: 1 },
    { chunkIds: scored.map((hit) => hit.chunkId), weight: 1 },
  ]);
  const position = new Map(first.map((chunkId, order) => [chunkId, order]));
  return fused
    .map((hit) => ({ ...hit, order: position.get(hit.chunkId)! }))
    .sort((x, y) => y.score - x.score || x.order - y.order)
    .map((hit) => hit.chunkId);
}
