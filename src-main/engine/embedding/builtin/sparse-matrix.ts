/** A sparse matrix in compressed-row form: row i holds columns `columns[rowStart[i] .. rowStart[i+1])`. */
export interface SparseMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly rowStart: Int32Array;
  readonly columnIndex: Int32Array;
  readonly values: Float32Array;
}

/** Y = A·M, with M dense row-major (A.columns × width); returns Y dense row-major (A.rows × width). */
export function multiplySparseDense(a: SparseMatrix, m: Float64Array, width: number): Float64Array {
  const y = new Float64Array(a.rows * width);
  for (let i = 0; i < a.rows; i++) {
    const yOffset = i * width;
    for (let p = a.rowStart[i]!; p < a.rowStart[i + 1]!; p++) {
      const value = a.values[p]!;
      const mOffset = a.columnIndex[p]! * width;
      for (let c = 0; c < width; c++) y[yOffset + c]! += value * m[mOffset + c]!;
    }
  }
  return y;
}

/** Z = Aᵀ·M, with M dense row-major (A.rows × width); returns Z dense row-major (A.columns × width). */
export function multiplySparseTransposeDense(a: SparseMatrix, m: Float64Array, width: number): Float64Array {
  const z = new Float64Array(a.columns * width);
  for (let i = 0; i < a.rows; i++) {
    const mOffset = i * width;
    for (let p = a.rowStart[i]!; p < a.rowStart[i + 1]!; p++) {
      const value = a.values[p]!;
      const zOffset = a.columnIndex[p]! * width;
      for (let c = 0; c < width; c++) z[zOffset + c]! += value * m[mOffset + c]!;
    }
  }
  return z;
}
