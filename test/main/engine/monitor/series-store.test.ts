import { afterEach, describe, expect, it } from 'vitest';
import {
  createSeriesStore,
  type SeriesStore,
  hourMs,
  minuteMs,
  chooseResolution,
  retentionMs,
} from '../../../../src-main/engine/monitor/series-store';
import { RetentionSettings } from '../../../../src-shared/schemas/monitor';
import { tempDatabase } from '../../../helpers/database';

const t0 = Date.UTC(2026, 0, 1); // aligned to the hour
const second = 1000;

describe('series store on SQLite', () => {
  let cleanup: () => void = () => undefined;
  afterEach(() => cleanup());

  function storeWith(retention = RetentionSettings.parse({})) {
    const temp = tempDatabase();
    cleanup = temp.cleanup;
    return { store: createSeriesStore(temp.db, () => retention), db: temp.db };
  }

  /** Two hours of samples every 10 s: a gauge that climbs by 1 per sample and a counter growing 5 per sample. */
  function fill(store: SeriesStore, hours = 2) {
    for (let i = 0; i < (hours * hourMs) / (10 * second); i++) {
      store.write(
        [
          { name: 'quarry_ingest_queue_depth', labels: '', kind: 'gauge', value: i },
          { name: 'quarry_answers_total', labels: '{"provider":"a"}', kind: 'counter', value: 5 * i },
          { name: 'quarry_answers_total', labels: '{"provider":"b"}', kind: 'counter', value: 1 * i },
        ],
        t0 + i * 10 * second,
      );
    }
  }

  it('answers range queries from raw points with every aggregation', () => {
    const { store } = storeWith();
    fill(store, 1);
    const now = t0 + hourMs;
    const query = (
      aggregation: 'avg' | 'min' | 'max' | 'last' | 'count' | 'sum' | 'rate' | 'increase',
      metric = 'quarry_ingest_queue_depth',
    ) => store.query({ metric, aggregation, from: t0 + 10 * minuteMs, to: t0 + 12 * minuteMs - 1, step: minuteMs, byLabels: false }, now);
    const avg = query('avg');
    expect(avg.resolution).toBe(0);
    expect(avg.timestamps).toEqual([t0 + 10 * minuteMs, t0 + 11 * minuteMs]);
    // Minute 10 holds samples 60..65: avg 62.5.
    expect(avg.series[0]!.values).toEqual([62.5, 68.5]);
    expect(query('min').series[0]!.values).toEqual([60, 66]);
    expect(query('max').series[0]!.values).toEqual([65, 71]);
    expect(query('last').series[0]!.values).toEqual([65, 71]);
    expect(query('count').series[0]!.values).toEqual([6, 6]);
    // Counters summed over providers: 6 per sample, 6 samples a minute (the first one grows from the minute before).
    expect(query('increase', 'quarry_answers_total').series[0]!.values).toEqual([36, 36]);
    expect(query('rate', 'quarry_answers_total').series[0]!.values).toEqual([0.6, 0.6]);
  });

  it('splits by label set and filters by labels', () => {
    const { store } = storeWith();
    fill(store, 1);
    const base = {
      metric: 'quarry_answers_total',
      aggregation: 'increase' as const,
      from: t0 + 10 * minuteMs,
      to: t0 + 11 * minuteMs - 1,
      step: minuteMs,
    };
    const split = store.query({ ...base, byLabels: true }, t0 + hourMs);
    expect(split.series.map((line) => [line.labels.provider, line.values[0]])).toEqual([
      ['a', 30],
      ['b', 6],
    ]);
    const filtered = store.query({ ...base, byLabels: false, labels: { provider: 'b' } }, t0 + hourMs);
    expect(filtered.series[0]!.values).toEqual([6]);
  });

  it('rolls up into minutes and hours that agree with the raw points, and counts a counter reset as growth', () => {
    const { store } = storeWith();
    fill(store, 2);
    // The process restarts: the counter starts again from zero.
    store.write([{ name: 'quarry_answers_total', labels: '{"provider":"a"}', kind: 'counter', value: 3 }], t0 + 2 * hourMs);
    const now = t0 + 2 * hourMs + 30 * second;
    const { rolledUp } = store.compact(now);
    expect(rolledUp).toBeGreaterThan(0);
    // Three series over 120 minutes, plus the zero each new counter is born with just before t0.
    expect(store.pointCount(minuteMs)).toBe(3 * 120 + 2);
    expect(store.pointCount(hourMs)).toBe(3 * 2 + 2);
    const range = { metric: 'quarry_ingest_queue_depth', from: t0, to: t0 + 2 * hourMs - 1, step: hourMs, byLabels: false };
    const hourly = store.query({ ...range, aggregation: 'avg', resolution: hourMs }, now);
    expect(hourly.resolution).toBe(hourMs);
    expect(hourly.series[0]!.values).toEqual([179.5, 539.5]);
    const byMinute = store.query({ ...range, aggregation: 'max', step: minuteMs, resolution: minuteMs }, now);
    expect(byMinute.series[0]!.values.at(-1)).toBe(719);
    const growth = store.query(
      {
        metric: 'quarry_answers_total',
        labels: { provider: 'a' },
        aggregation: 'increase',
        from: t0 + 2 * hourMs - minuteMs,
        to: now,
        step: minuteMs,
        byLabels: false,
        resolution: 0,
      },
      now,
    );
    // Last minute of hour two: 6 samples × 5, then the restart reading counts as +3.
    expect(growth.series[0]!.values.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(33);
  });

  it('counts the first events of a counter that appears mid-run as growth from zero', () => {
    const { store } = storeWith();
    const gauge = { name: 'quarry_ingest_queue_depth', labels: '', kind: 'gauge' as const, value: 0 };
    store.write([gauge], t0);
    store.write(
      [gauge, { name: 'quarry_ingest_failures_total', labels: '{"reason":"corrupt"}', kind: 'counter', value: 2 }],
      t0 + 10 * second,
    );
    const result = store.query(
      {
        metric: 'quarry_ingest_failures_total',
        aggregation: 'increase',
        from: t0 + 5 * second,
        to: t0 + 15 * second,
        step: 10 * second,
        byLabels: false,
        exactWindow: true,
      },
      t0 + 15 * second,
    );
    expect(result.series[0]!.values).toEqual([2]);
  });

  it('deletes points past each resolution’s retention', () => {
    const { store } = storeWith(RetentionSettings.parse({ raw: '30m', minute: '1h', hour: '90d' }));
    fill(store, 2);
    const now = t0 + 2 * hourMs;
    store.compact(now);
    const oldestRaw = store.query(
      { metric: 'quarry_ingest_queue_depth', aggregation: 'count', from: t0, to: now, step: hourMs, byLabels: false, resolution: 0 },
      now,
    );
    expect(oldestRaw.series[0]!.values).toEqual([null, 180, null]);
    expect(store.pointCount(minuteMs)).toBe(3 * 60);
    expect(store.pointCount(hourMs)).toBe(3 * 2 + 2);
  });

  it('answers from the coarsest resolution that reaches back far enough and keeps ten points per step', () => {
    const retention = retentionMs(RetentionSettings.parse({}));
    const now = t0 + 200 * 86_400_000;
    expect(chooseResolution(now - hourMs, now, 30 * second, retention)).toBe(0);
    expect(chooseResolution(now - 23 * hourMs, now, 4 * minuteMs, retention)).toBe(0);
    expect(chooseResolution(now - 23 * hourMs, now, 12 * minuteMs, retention)).toBe(minuteMs);
    expect(chooseResolution(now - 3 * 86_400_000, now, 30 * minuteMs, retention)).toBe(minuteMs);
    expect(chooseResolution(now - 30 * 86_400_000, now, 6 * hourMs, retention)).toBe(hourMs);
    expect(chooseResolution(now - 365 * 86_400_000, now, 3 * 86_400_000, retention)).toBe(hourMs);
  });
});
