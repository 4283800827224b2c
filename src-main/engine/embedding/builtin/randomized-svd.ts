import { multiplySparseDense, multiplySparseTransposeDense, type SparseMatrix } from './sparse-matrix';

/** The top singular values and right singular vectors (row-major, columns × rank) of a sparse matrix. */
export interface TruncatedSvd {
  readonly rank: number;
  readonly singularValues: Float64Array;
  readonly rightVectors: Float64Array;
}

export interface SvdOptions {
  readonly rank: number;
  readonly oversampling: number;
  readonly powerIterations: number;
  readonly seed: number;
}

/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, algorithm 4.4 with re-orthonormalized
 * power iterations). Written by hand because no maintained npm package does sparse truncated SVD
 * without native code or model-sized dependencies; a seeded generator makes the result reproducible.
 */
export function randomizedSvd(a: SparseMatrix, options: SvdOptions): TruncatedSvd {
  const width = Math.min(options.rank + options.oversampling, a.rows, a.columns);
  const random = gaussianGenerator(options.seed);
  const omega = new Float64Array(a.columns * width);
  for (let i = 0; i < omega.length; i++) omega[i] = random();

  // Power iterations without re-orthonormalizing in between: in float64 the spectrum of a TF-IDF
  // matrix keeps the top `width` directions distinguishable after a few passes, and skipping the
  // intermediate Gram-Schmidt steps halves the fitting time. Columns are rescaled to avoid overflow.
  let y = multiplySparseDense(a, omega, width);
  for (let iteration = 0; iteration < options.powerIterations; iteration++) {
    y = multiplySparseDense(a, normalizeColumns(multiplySparseTransposeDense(a, y, width), a.columns, width), width);
    normalizeColumns(y, a.rows, width);
  }
  const q = orthonormalizeColumns(y, a.rows, width);
  // Bᵀ = Aᵀ·Q (columns × width); B·Bᵀ is small (width × width) and its eigenvectors give B's SVD.
  const bt = multiplySparseTransposeDense(a, q, width);
  const gram = transposeTimesSelf(bt, a.columns, width);
  const { values, vectors } = symmetricEigen(gram, width);

  const rank = Math.min(options.rank, width);
  const singularValues = new Float64Array(rank);
  const coefficients = new Float64Array(width * rank);
  for (let c = 0; c < rank; c++) {
    const sigma = Math.sqrt(Math.max(values[c]!, 0));
    singularValues[c] = sigma;
    const scale = sigma > 1e-12 ? 1 / sigma : 0;
    for (let r = 0; r < width; r++) coefficients[r * rank + c] = vectors[r * width + c]! * scale;
  }
  return { rank, singularValues, rightVectors: multiplyDense(bt, a.columns, width, coefficients, rank) };
}

function normalizeColumns(m: Float64Array, rows: number, width: number): Float64Array {
  const norms = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) norms[c]! += m[r * width + c]! ** 2;
  for (let c = 0; c < width; c++) norms[c] = norms[c]! > 0 ? 1 / Math.sqrt(norms[c]!) : 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) m[r * width + c]! *= norms[c]!;
  return m;
}

/** Orthonormal basis of the columns of a row-major rows × width matrix (modified Gram-Schmidt). */
export function orthonormalizeColumns(m: Float64Array, rows: number, width: number): Float64Array {
  // Work column-major so every dot product and update is a contiguous loop.
  const columns = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) columns[c * rows + r] = m[r * width + c]!;
  for (let c = 0; c < width; c++) {
    const current = columns.subarray(c * rows, (c + 1) * rows);
    const originalNorm = Math.sqrt(dot(current, current));
    for (let previous = 0; previous < c; previous++) {
      const basis = columns.subarray(previous * rows, (previous + 1) * rows);
      const projection = dot(basis, current);
      for (let r = 0; r < rows; r++) current[r]! -= projection * basis[r]!;
    }
    const norm = Math.sqrt(dot(current, current));
    // A column that was (numerically) in the span of the previous ones is dropped, not amplified noise.
    if (norm <= 1e-10 * Math.max(originalNorm, 1e-300)) current.fill(0);
    else for (let r = 0; r < rows; r++) current[r]! /= norm;
  }
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) out[r * width + c] = columns[c * rows + r]!;
  return out;
}

function dot(x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * y[i]!;
  return sum;
}

/** Mᵀ·M for a row-major rows × width matrix. */
function transposeTimesSelf(m: Float64Array, rows: number, width: number): Float64Array {
  const out = new Float64Array(width * width);
  for (let r = 0; r < rows; r++) {
    const offset = r * width;
    for (let i = 0; i < width; i++) {
      const value = m[offset + i]!;
      if (value === 0) continue;
      const outOffset = i * width;
      for (let j = i; j < width; j++) out[outOffset + j]! += value * m[offset + j]!;
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) out[i * width + j] = out[j * width + i]!;
  return out;
}

/** Dense row-major product (rows × inner)·(inner × width). */
export function multiplyDense(a: Float64Array, rows: number, inner: number, b: Float64Array, width: number): Float64Array {
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const outOffset = r * width;
    for (let k = 0; k < inner; k++) {
      const value = a[r * inner + k]!;
      if (value === 0) continue;
      const bOffset = k * width;
      for (let c = 0; c < width; c++) out[outOffset + c]! += value * b[bOffset + c]!;
    }
  }
  return out;
}

/**
 * Eigen-decomposition of a small symmetric matrix: Householder tridiagonalization and the implicit QL
 * algorithm (tred2/tql2 as in EISPACK and JAMA, public domain). Returns eigenvalues in descending
 * order and the matching eigenvectors as columns of a row-major n × n matrix.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = Float64Array.from(matrix);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(v, d, e, n);
  diagonalize(v, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y]! - d[x]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, target) => {
    values[target] = d[source]!;
    for (let k = 0; k < n; k++) vectors[k * n + target] = v[k * n + source]!;
  });
  return { values, vectors };
}

function tridiagonalize(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = v[(n - 1) * n + j]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = v[(i - 1) * n + j]!;
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k]! /= scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        v[j * n + i] = f;
        g = e[j]! + v[j * n + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += v[k * n + j]! * d[k]!;
          e[k]! += v[k * n + j]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j]! /= h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) v[k * n + j]! -= f * e[k]! + g * d[k]!;
        d[j] = v[(i - 1) * n + j]!;
        v[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    v[(n - 1) * n + i] = v[i * n + i]!;
    v[i * n + i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[k * n + i + 1]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[k * n + i + 1]! * v[k * n + j]!;
        for (let k = 0; k <= i; k++) v[k * n + j]! -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) v[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[(n - 1) * n + j]!;
    v[(n - 1) * n + j] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

function diagonalize(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      do {
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          for (let k = 0; k < n; k++) {
            h = v[k * n + i + 1]!;
            v[k * n + i + 1] = s * v[k * n + i]! + c * h;
            v[k * n + i] = c * v[k * n + i]! - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l]! += f;
    e[l] = 0;
  }
}

/** Seeded standard-normal generator (mulberry32 + Box-Muller), so a fit is reproducible. */
export function gaussianGenerator(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}
