import type { Db } from '../store/database';
import type { Aggregation, RetentionSettings } from '../../../src-shared/schemas/monitor';
import { parseDuration } from './duration';
import { aggregatePoints, bucketGrid, combineLines, type StoredPoint } from './series-math';
import type { FlatSample, SeriesKind } from './snapshot';

export const minuteMs = 60_000;
export const hourMs = 3_600_000;

export interface RangeQuery {
  readonly metric: string;
  readonly labels?: Readonly<Record<string, string>> | undefined;
  readonly aggregation: Aggregation;
  readonly from: number;
  readonly to: number;
  readonly step: number;
  readonly byLabels: boolean;
  /** One bucket spanning exactly [from, to] (alert windows) instead of step-aligned buckets. */
  readonly exactWindow?: boolean;
  /** Force a stored resolution (alerts read raw points so the newest minute counts). */
  readonly resolution?: number;
}

export interface RangeResult {
  readonly resolution: number;
  readonly timestamps: number[];
  readonly series: { labels: Record<string, string>; values: (number | null)[] }[];
}

interface SeriesRow {
  id: number;
  labels: string;
  kind: SeriesKind;
}

/** Retention in ms per stored resolution, from the settings' duration words. */
export function retentionMs(settings: RetentionSettings): Map<number, number> {
  return new Map([
    [0, parseDuration(settings.raw)],
    [minuteMs, parseDuration(settings.minute)],
    [hourMs, parseDuration(settings.hour)],
  ]);
}

/**
 * The stored resolution to answer from: among those that still reach back to `from`, the coarsest
 * that leaves at least ten points per step (so a 24 h chart reads minutes, not 8,640 raw points
 * per series), else the finest. Rollups hold only finished minutes and hours, which a step ten
 * times wider hardly notices.
 */
export function chooseResolution(from: number, now: number, step: number, retention: ReadonlyMap<number, number>): number {
  const covering = [...retention].filter(([, keep]) => from >= now - keep).map(([resolution]) => resolution);
  if (covering.length === 0) return Math.max(...retention.keys());
  const detailed = covering.filter((resolution) => resolution * 10 <= step);
  return detailed.length > 0 ? Math.max(...detailed) : Math.min(...covering);
}

export interface SeriesStore {
  /** Writes one sampler pass in a single transaction: one raw point per series. */
  write(samples: readonly FlatSample[], at: number): void;
  /** Rolls raw points into minutes and minutes into hours, then drops what is past retention. */
  compact(now: number): {
    rolledUp: number;
    deleted: number;
  };
  /** Points of a metric in [from, to] grouped into steps, from the best stored resolution. */
  query(request: RangeQuery, now: number): RangeResult;
  /** Every series name with its kind and label names, for editors' pickers. */
  names(): {
    name: string;
    kind: SeriesKind;
    labels: string[];
  }[];
  pointCount(resolution: number): number;
}

/** Metric samples in SQLite: raw points, per-minute and per-hour rollups, retention. */
export function createSeriesStore(db: Db, retention: () => RetentionSettings): SeriesStore {
  const seriesIds = new Map<string, number>();
  const findSeries = db.prepare<[string, string], number>('SELECT id FROM metric_series WHERE name = ? AND labels = ?').pluck();
  const insertSeries = db.prepare('INSERT INTO metric_series (name, labels, kind) VALUES (?, ?, ?)');
  const insertRaw = db.prepare(
    'INSERT OR REPLACE INTO metric_points (resolution, series_id, ts, min, max, sum, count, first, last) VALUES (0, ?, ?, ?, ?, ?, 1, ?, ?)',
  );
  const seriesOf = db.prepare<[string], SeriesRow>('SELECT id, labels, kind FROM metric_series WHERE name = ?');
  const pointsOf = db.prepare<[number, number, number, number], StoredPoint>(
    'SELECT ts, min, max, sum, count, first, last FROM metric_points WHERE resolution = ? AND series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts',
  );
  const readState = db.prepare<[string], string>('SELECT value FROM monitor_state WHERE key = ?').pluck();
  const writeState = db.prepare('INSERT OR REPLACE INTO monitor_state (key, value) VALUES (?, ?)');

  function seriesId(sample: FlatSample, at: number): number {
    const key = `${sample.name}\u0000${sample.labels}`;
    const cached = seriesIds.get(key);
    if (cached !== undefined) return cached;
    let id = findSeries.get(sample.name, sample.labels);
    if (id === undefined) {
      id = Number(insertSeries.run(sample.name, sample.labels, sample.kind).lastInsertRowid);
      // A labelled counter appears only once it first counts: it grew from zero just now, so record
      // that zero (a millisecond earlier) for `increase` and `rate` to see the first events.
      if (sample.kind === 'counter') insertRaw.run(id, at - 1, 0, 0, 0, 0, 0);
    }
    seriesIds.set(key, id);
    return id;
  }

  /** Folds finished buckets of the finer resolution into `width`-wide points, once per bucket. */
  function rollUp(source: number, width: number, now: number): number {
    const stateKey = `rollup:${width}`;
    const done = Number(readState.get(stateKey) ?? 0);
    const until = Math.floor(now / width) * width;
    if (until <= done) return 0;
    // The width is one of our two integer constants, written into the SQL because a bound JS number
    // arrives as REAL and would turn the bucket arithmetic into floating-point division.
    const bucket = `(ts / ${Math.trunc(width)}) * ${Math.trunc(width)}`;
    const result = db
      .prepare(
        `INSERT OR REPLACE INTO metric_points (resolution, series_id, ts, min, max, sum, count, first, last)
         SELECT ?, series_id, bucket, MIN(min), MAX(max), SUM(sum), SUM(count), MAX(f), MAX(l) FROM (
           SELECT series_id, ${bucket} AS bucket, min, max, sum, count,
             FIRST_VALUE(first) OVER w AS f, LAST_VALUE(last) OVER w AS l
           FROM metric_points WHERE resolution = ? AND ts >= ? AND ts < ?
           WINDOW w AS (PARTITION BY series_id, ${bucket} ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
         ) GROUP BY series_id, bucket`,
      )
      .run(width, source, done, until);
    writeState.run(stateKey, String(until));
    return result.changes;
  }

  return {
    /** Writes one sampler pass in a single transaction: one raw point per series. */
    write(samples: readonly FlatSample[], at: number): void {
      db.transaction(() => {
        for (const sample of samples) {
          if (!Number.isFinite(sample.value)) continue;
          const v = sample.value;
          insertRaw.run(seriesId(sample, at), at, v, v, v, v, v);
        }
      })();
    },

    /** Rolls raw points into minutes and minutes into hours, then drops what is past retention. */
    compact(now: number): { rolledUp: number; deleted: number } {
      return db.transaction(() => {
        const rolledUp = rollUp(0, minuteMs, now) + rollUp(minuteMs, hourMs, now);
        let deleted = 0;
        for (const [resolution, keep] of retentionMs(retention())) {
          deleted += db.prepare('DELETE FROM metric_points WHERE resolution = ? AND ts < ?').run(resolution, now - keep).changes;
        }
        return { rolledUp, deleted };
      })();
    },

    /** Points of a metric in [from, to] grouped into steps, from the best stored resolution. */
    query(request: RangeQuery, now: number): RangeResult {
      const resolution = request.resolution ?? chooseResolution(request.from, now, request.step, retentionMs(retention()));
      const grid = request.exactWindow
        ? { start: request.from, step: request.to - request.from + 1, buckets: 1 }
        : bucketGrid(request.from, request.to, request.step);
      const wanted = Object.entries(request.labels ?? {});
      const matching = seriesOf.all(request.metric).filter((row) => {
        if (wanted.length === 0) return true;
        const labels = row.labels ? (JSON.parse(row.labels) as Record<string, string>) : {};
        return wanted.every(([key, value]) => labels[key] === value);
      });
      // One step before the grid gives counters the reading their growth starts from.
      const lines = matching.map((row) => ({
        labels: row.labels ? (JSON.parse(row.labels) as Record<string, string>) : {},
        kind: row.kind,
        values: aggregatePoints(
          pointsOf.all(resolution, row.id, grid.start - Math.max(grid.step, resolution), request.to),
          grid,
          request.aggregation,
        ),
      }));
      const timestamps = Array.from({ length: grid.buckets }, (_, i) => grid.start + i * grid.step);
      if (request.byLabels) return { resolution, timestamps, series: lines.map(({ labels, values }) => ({ labels, values })) };
      const mode = lines.some((line) => line.kind === 'derived') ? 'max' : 'sum';
      const values =
        lines.length === 0
          ? timestamps.map(() => null)
          : combineLines(
              lines.map((line) => line.values),
              mode,
            );
      return { resolution, timestamps, series: [{ labels: request.labels ? { ...request.labels } : {}, values }] };
    },

    /** Every series name with its kind and label names, for editors' pickers. */
    names(): { name: string; kind: SeriesKind; labels: string[] }[] {
      const rows = db
        .prepare<[], { name: string; kind: SeriesKind; labels: string }>('SELECT name, kind, labels FROM metric_series ORDER BY name')
        .all();
      const byName = new Map<string, { name: string; kind: SeriesKind; labels: Set<string> }>();
      for (const row of rows) {
        const entry = byName.get(row.name) ?? { name: row.name, kind: row.kind, labels: new Set<string>() };
        if (row.labels) for (const key of Object.keys(JSON.parse(row.labels) as object)) entry.labels.add(key);
        byName.set(row.name, entry);
      }
      return [...byName.values()].map((entry) => ({ ...entry, labels: [...entry.labels] }));
    },

    pointCount(resolution: number): number {
      return Number(db.prepare('SELECT COUNT(*) FROM metric_points WHERE resolution = ?').pluck().get(resolution));
    },
  };
}
