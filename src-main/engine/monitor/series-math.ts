import type { Aggregation } from '../../../src-shared/schemas/monitor';

/** One stored point: a raw sample (all fields the same value, count 1) or a rollup of several. */
export interface StoredPoint {
  readonly ts: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly count: number;
  readonly first: number;
  readonly last: number;
}

export interface BucketGrid {
  /** Start of the first bucket (aligned to the step). */
  readonly start: number;
  readonly step: number;
  readonly buckets: number;
}

/** Buckets of `step` ms covering [from, to], aligned to multiples of the step so charts do not jitter. */
export function bucketGrid(from: number, to: number, step: number): BucketGrid {
  const start = Math.floor(from / step) * step;
  return { start, step, buckets: Math.max(1, Math.floor((to - start) / step) + 1) };
}

/** The growth of a counter between two readings; a drop means the process restarted from zero. */
function counterDelta(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}

/**
 * Aggregates one series' points (sorted by time) into the grid. Points before the grid only give
 * `increase` and `rate` their starting value.
 */
export function aggregatePoints(points: readonly StoredPoint[], grid: BucketGrid, aggregation: Aggregation): (number | null)[] {
  const n = grid.buckets;
  const min = new Array<number>(n).fill(Infinity);
  const max = new Array<number>(n).fill(-Infinity);
  const sum = new Array<number>(n).fill(0);
  const count = new Array<number>(n).fill(0);
  const last = new Array<number | null>(n).fill(null);
  const growth = new Array<number>(n).fill(0);
  let previousLast: number | null = null;
  for (const point of points) {
    const index = Math.floor((point.ts - grid.start) / grid.step);
    const within = counterDelta(point.first, point.last);
    const entering = previousLast === null ? 0 : counterDelta(previousLast, point.first);
    previousLast = point.last;
    if (index < 0 || index >= n) continue;
    min[index] = Math.min(min[index]!, point.min);
    max[index] = Math.max(max[index]!, point.max);
    sum[index]! += point.sum;
    count[index]! += point.count;
    last[index] = point.last;
    growth[index]! += within + entering;
  }
  return Array.from({ length: n }, (_, i) => {
    if (count[i] === 0) return null;
    switch (aggregation) {
      case 'avg':
        return sum[i]! / count[i]!;
      case 'min':
        return min[i]!;
      case 'max':
        return max[i]!;
      case 'sum':
        return sum[i]!;
      case 'count':
        return count[i]!;
      case 'last':
        return last[i]!;
      case 'increase':
        return growth[i]!;
      case 'rate':
        return growth[i]! / (grid.step / 1000);
      default: {
        const unknown: never = aggregation;
        throw new RangeError(`Unknown aggregation ${String(unknown)}`);
      }
    }
  });
}

/**
 * Combines several label sets into one line: quantiles (derived series) by their worst value, since
 * adding two p95s means nothing; everything else by summing, which is right for counts and totals.
 */
export function combineLines(lines: readonly (number | null)[][], mode: 'sum' | 'max'): (number | null)[] {
  const length = lines[0]?.length ?? 0;
  return Array.from({ length }, (_, i) => {
    let result: number | null = null;
    for (const line of lines) {
      const value = line[i];
      if (value === null || value === undefined) continue;
      result = result === null ? value : mode === 'sum' ? result + value : Math.max(result, value);
    }
    return result;
  });
}
