import type { Migration } from './migration';

/**
 * The monitor: alert channels, rules, events, deliveries and silences.
 */
export const migration0041: Migration = {
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
};
