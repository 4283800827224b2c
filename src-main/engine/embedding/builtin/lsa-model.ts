import { contentTerms } from '../../text/terms';
import { randomizedSvd } from './randomized-svd';
import type { SparseMatrix } from './sparse-matrix';

/**
 * A fitted latent semantic analysis model: TF-IDF over a pruned vocabulary, projected on the top
 * singular directions of the library's own TF-IDF matrix. Terms that co-occur land near each other,
 * which is the signal BM25 lacks (see FINDINGS: LSA beats BM25 on Cranfield and fuses well with it).
 */
export interface LsaModel {
  readonly dimensions: number;
  readonly terms: readonly string[];
  readonly idf: Float32Array;
  /** Row-major terms × dimensions: a term's contribution to the embedding. */
  readonly projection: Float32Array;
  /** Mean embedding of the fitted chunks, subtracted so cosine compares directions, not the shared topic. */
  readonly mean: Float32Array;
}

export interface LsaFitOptions {
  readonly dimensions: number;
  readonly maxTerms: number;
  readonly seed: number;
  readonly powerIterations: number;
  /** Exponent applied to the singular values in the projection: 0 keeps U·Σ, −1 whitens to U. */
  readonly singularValuePower: number;
}

export const defaultLsaFitOptions: LsaFitOptions = {
  dimensions: 256,
  maxTerms: 40_000,
  seed: 0x51a77e,
  powerIterations: 2,
  singularValuePower: 0,
};

/** Counts stemmed content terms; the same counting is used for fitting and for embedding. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of contentTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** Fits a model on the given texts; null when they hold fewer than two distinct usable terms or texts. */
export function fitLsaModel(texts: readonly string[], options: LsaFitOptions = defaultLsaFitOptions): LsaModel | null {
  const counted = texts.map(termCounts);
  const documentFrequency = new Map<string, number>();
  for (const counts of counted) for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);

  const n = counted.length;
  // A term seen in one chunk only carries no co-occurrence; keep it only in very small libraries.
  const minDocumentFrequency = n >= 50 ? 2 : 1;
  const terms = [...documentFrequency.entries()]
    .filter(([, df]) => df >= minDocumentFrequency)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, options.maxTerms)
    .map(([term]) => term);
  if (n < 2 || terms.length < 2) return null;

  const termIndex = new Map(terms.map((term, index) => [term, index]));
  const idf = new Float32Array(terms.length);
  terms.forEach((term, index) => (idf[index] = Math.log((1 + n) / (1 + documentFrequency.get(term)!)) + 1));

  const matrix = buildTfidfMatrix(counted, termIndex, idf);
  const svd = randomizedSvd(matrix, {
    rank: Math.min(options.dimensions, n - 1, terms.length - 1),
    oversampling: 10,
    powerIterations: options.powerIterations,
    seed: options.seed,
  });
  const dimensions = svd.rank;
  const projection = new Float32Array(terms.length * dimensions);
  for (let c = 0; c < dimensions; c++) {
    const scale = svd.singularValues[c]! > 1e-12 ? svd.singularValues[c]! ** options.singularValuePower : 0;
    for (let t = 0; t < terms.length; t++) projection[t * dimensions + c] = svd.rightVectors[t * dimensions + c]! * scale;
  }

  const partial: LsaModel = { dimensions, terms, idf, projection, mean: new Float32Array(dimensions) };
  const mean = new Float32Array(dimensions);
  for (const counts of counted) {
    const raw = projectCounts(partial, termIndex, counts);
    for (let c = 0; c < dimensions; c++) mean[c]! += raw[c]! / n;
  }
  return { ...partial, mean };
}

function buildTfidfMatrix(counted: readonly Map<string, number>[], termIndex: Map<string, number>, idf: Float32Array): SparseMatrix {
  const rowStart = new Int32Array(counted.length + 1);
  const columns: number[] = [];
  const values: number[] = [];
  counted.forEach((counts, row) => {
    const start = columns.length;
    let norm = 0;
    for (const [term, count] of counts) {
      const index = termIndex.get(term);
      if (index === undefined) continue;
      const weight = (1 + Math.log(count)) * idf[index]!;
      columns.push(index);
      values.push(weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (let p = start; p < values.length; p++) values[p]! /= norm;
    rowStart[row + 1] = columns.length;
  });
  return {
    rows: counted.length,
    columns: idf.length,
    rowStart,
    columnIndex: Int32Array.from(columns),
    values: Float32Array.from(values),
  };
}

/** The un-centered projection of a text's L2-normalized TF-IDF vector. */
export function projectCounts(model: LsaModel, termIndex: ReadonlyMap<string, number>, counts: ReadonlyMap<string, number>): Float64Array {
  const out = new Float64Array(model.dimensions);
  let norm = 0;
  for (const [term, count] of counts) {
    const index = termIndex.get(term);
    if (index === undefined) continue;
    const weight = (1 + Math.log(count)) * model.idf[index]!;
    norm += weight * weight;
    const offset = index * model.dimensions;
    for (let c = 0; c < model.dimensions; c++) out[c]! += weight * model.projection[offset + c]!;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let c = 0; c < model.dimensions; c++) out[c]! *= scale;
  }
  return out;
}

/** A unit-length embedding of a text; the zero vector when it shares no term with the vocabulary. */
export function embedWithModel(model: LsaModel, termIndex: ReadonlyMap<string, number>, text: string): Float32Array {
  const counts = termCounts(text);
  const raw = projectCounts(model, termIndex, counts);
  const out = new Float32Array(model.dimensions);
  let any = false;
  for (const term of counts.keys()) if (termIndex.has(term)) any = true;
  if (!any) return out;
  let norm = 0;
  for (let c = 0; c < model.dimensions; c++) {
    const value = raw[c]! - model.mean[c]!;
    out[c] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let c = 0; c < model.dimensions; c++) out[c]! /= norm;
  return out;
}
