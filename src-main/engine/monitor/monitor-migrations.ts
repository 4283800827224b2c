import type { Migration } from '../store/migrations';

/** The monitor's tables (versions 40–49): metric series, alerting, audit log, dashboards. */
export const monitorMigrations: readonly Migration[] = [
  {
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
  },
  {
    version: 41,
    sql: `
      CREATE TABLE alert_channels (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE alert_rules (
        id TEXT PRIMARY KEY,
        definition TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'inactive',
        since INTEGER,
        condition_state TEXT NOT NULL DEFAULT '[]',
        last_values TEXT NOT NULL DEFAULT '[]',
        last_evaluated_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE alert_events (
        id INTEGER PRIMARY KEY,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        severity TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        vals TEXT NOT NULL,
        silenced INTEGER NOT NULL,
        in_app INTEGER NOT NULL,
        tags TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX alert_events_rule ON alert_events(rule_id, at);
      CREATE INDEX alert_events_at ON alert_events(at);
      CREATE TABLE alert_deliveries (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES alert_events(id) ON DELETE CASCADE,
        channel_id TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at INTEGER,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER
      );
      CREATE INDEX alert_deliveries_due ON alert_deliveries(status, next_attempt_at);
      CREATE TABLE alert_silences (
        id INTEGER PRIMARY KEY,
        rule_id TEXT,
        ends_at INTEGER NOT NULL,
        comment TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 42,
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        details TEXT NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE INDEX audit_log_action ON audit_log(action, at);
    `,
  },
  {
    version: 43,
    sql: `
      CREATE TABLE dashboards (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        widgets TEXT NOT NULL,
        position INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
];
