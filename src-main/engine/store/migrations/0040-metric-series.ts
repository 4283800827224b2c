import type { Migration } from './migration';

/**
 * The monitor (40–49): metric series and their points, rolled up per minute and hour.
 */
export const migration0040: Migration = {
  version: 40,
  sql: `
      CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        labels TEXT NOT NULL,
        kind TEXT NOT NULL,
        UNIQUE (name, labels)
      );
      -- resolution 0 = raw samples; otherwise the rollup width in ms. Raw rows have count 1 and
      -- min = max = sum = first = last; rollups keep enough to average, extremes and counter growth.
      CREATE TABLE metric_points (
        resolution INTEGER NOT NULL,
        series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        ts INTEGER NOT NULL,
        min REAL NOT NULL,
        max REAL NOT NULL,
        sum REAL NOT NULL,
        count INTEGER NOT NULL,
        first REAL NOT NULL,
        last REAL NOT NULL,
        PRIMARY KEY (resolution, series_id, ts)
      ) WITHOUT ROWID;
      CREATE INDEX metric_points_age ON metric_points(resolution, ts);
      CREATE TABLE monitor_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
};
