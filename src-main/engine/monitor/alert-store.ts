import type { z } from 'zod';
import type { Db } from '../store/database';
import type { AlertRuleInput } from '../../../src-shared/schemas/alerts';
import {
  AlertChannel,
  type AlertDelivery,
  type AlertEvent,
  type AlertRule,
  type AlertState,
  type DeliveryFilter,
  type HistoryFilter,
  type Silence,
} from '../../../src-shared/schemas/alerts';
import type { RuleEvaluationState } from './alert-evaluation';

export type RuleDefinition = z.output<typeof AlertRuleInput> & { id: string };
export type NewAlertEvent = Omit<AlertEvent, 'id'>;

interface RuleRow {
  id: string;
  definition: string;
  state: AlertState;
  since: number | null;
  condition_state: string;
  last_values: string;
  last_evaluated_at: number | null;
  created_at: number;
  updated_at: number;
}

interface EventRow {
  id: number;
  rule_id: string;
  rule_name: string;
  severity: AlertEvent['severity'];
  kind: AlertEvent['kind'];
  title: string;
  body: string;
  vals: string;
  silenced: number;
  in_app: number;
  tags: string;
  at: number;
}

interface DeliveryRow {
  id: number;
  event_id: number;
  channel_id: string;
  status: AlertDelivery['status'];
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  created_at: number;
  delivered_at: number | null;
}

function toRule(row: RuleRow): AlertRule {
  return {
    ...(JSON.parse(row.definition) as RuleDefinition),
    id: row.id,
    state: row.state,
    since: row.since,
    lastValues: JSON.parse(row.last_values) as (number | null)[],
    lastEvaluatedAt: row.last_evaluated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toEvent(row: EventRow): AlertEvent {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    severity: row.severity,
    kind: row.kind,
    title: row.title,
    body: row.body,
    values: JSON.parse(row.vals) as (number | null)[],
    silenced: row.silenced === 1,
    inApp: row.in_app === 1,
    tags: JSON.parse(row.tags) as string[],
    at: row.at,
  };
}

function toDelivery(row: DeliveryRow): AlertDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    channelId: row.channel_id,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

export interface AlertStore {
  rules(): AlertRule[];
  rule(id: string): AlertRule | undefined;
  evaluationState(id: string): RuleEvaluationState | undefined;
  /** Saves a definition; a changed definition starts its evaluation afresh. */
  saveRule(definition: RuleDefinition, now: number): void;
  removeRule(id: string): boolean;
  saveEvaluation(id: string, state: RuleEvaluationState, values: readonly (number | null)[], at: number): void;
  insertEvent(event: NewAlertEvent): AlertEvent;
  event(id: number): AlertEvent | undefined;
  history(filter: z.output<typeof HistoryFilter>): AlertEvent[];
  insertDeliveries(eventId: number, channelIds: readonly string[], now: number): void;
  dueDeliveries(now: number, limit: number): AlertDelivery[];
  nextDueAt(): number | null;
  markDelivered(id: number, attempts: number, now: number): void;
  markAttemptFailed(id: number, attempts: number, error: string, retryAt: number | null): void;
  retryDelivery(id: number, now: number): boolean;
  deliveries(filter: z.output<typeof DeliveryFilter>): AlertDelivery[];
  addSilence(ruleId: string | null, endsAt: number, comment: string, now: number): Silence;
  activeSilences(now: number): Silence[];
  endSilence(id: number, now: number): boolean;
  channels(): AlertChannel[];
  saveChannel(channel: AlertChannel, now: number): void;
  removeChannel(id: string): boolean;
}

/** Rules with their evaluation state, events, deliveries, silences and channels, in SQLite. */
export function createAlertStore(db: Db): AlertStore {
  const selectRule = db.prepare<[string], RuleRow>('SELECT * FROM alert_rules WHERE id = ?');
  return {
    rules(): AlertRule[] {
      return db.prepare<[], RuleRow>('SELECT * FROM alert_rules ORDER BY created_at').all().map(toRule);
    },
    rule(id: string): AlertRule | undefined {
      const row = selectRule.get(id);
      return row ? toRule(row) : undefined;
    },
    evaluationState(id: string): RuleEvaluationState | undefined {
      const row = selectRule.get(id);
      if (!row) return undefined;
      return { state: row.state, since: row.since, holdingSince: JSON.parse(row.condition_state) as (number | null)[] };
    },
    /** Saves a definition; a changed definition starts its evaluation afresh. */
    saveRule(definition: RuleDefinition, now: number): void {
      db.prepare(
        `INSERT INTO alert_rules (id, definition, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at,
           state = 'inactive', since = NULL, condition_state = '[]'`,
      ).run(definition.id, JSON.stringify(definition), now, now);
    },
    removeRule(id: string): boolean {
      return db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0;
    },
    saveEvaluation(id: string, state: RuleEvaluationState, values: readonly (number | null)[], at: number): void {
      db.prepare(
        'UPDATE alert_rules SET state = ?, since = ?, condition_state = ?, last_values = ?, last_evaluated_at = ? WHERE id = ?',
      ).run(state.state, state.since, JSON.stringify(state.holdingSince), JSON.stringify(values), at, id);
    },

    insertEvent(event: NewAlertEvent): AlertEvent {
      const id = Number(
        db
          .prepare(
            'INSERT INTO alert_events (rule_id, rule_name, severity, kind, title, body, vals, silenced, in_app, tags, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            event.ruleId,
            event.ruleName,
            event.severity,
            event.kind,
            event.title,
            event.body,
            JSON.stringify(event.values),
            event.silenced ? 1 : 0,
            event.inApp ? 1 : 0,
            JSON.stringify(event.tags),
            event.at,
          ).lastInsertRowid,
      );
      return { ...event, id };
    },
    event(id: number): AlertEvent | undefined {
      const row = db.prepare<[number], EventRow>('SELECT * FROM alert_events WHERE id = ?').get(id);
      return row ? toEvent(row) : undefined;
    },
    history(filter: z.output<typeof HistoryFilter>): AlertEvent[] {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (filter.ruleId) {
        where.push('rule_id = ?');
        params.push(filter.ruleId);
      }
      if (filter.kind) {
        where.push('kind = ?');
        params.push(filter.kind);
      }
      if (filter.before !== undefined) {
        where.push('at < ?');
        params.push(filter.before);
      }
      const sql = `SELECT * FROM alert_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`;
      return db
        .prepare<(string | number)[], EventRow>(sql)
        .all(...params, filter.limit)
        .map(toEvent);
    },

    insertDeliveries(eventId: number, channelIds: readonly string[], now: number): void {
      const insert = db.prepare(
        "INSERT INTO alert_deliveries (event_id, channel_id, status, next_attempt_at, created_at) VALUES (?, ?, 'pending', ?, ?)",
      );
      for (const channelId of channelIds) insert.run(eventId, channelId, now, now);
    },
    dueDeliveries(now: number, limit: number): AlertDelivery[] {
      return db
        .prepare<[number, number], DeliveryRow>(
          "SELECT * FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
        )
        .all(now, limit)
        .map(toDelivery);
    },
    nextDueAt(): number | null {
      return (
        db.prepare<[], number | null>("SELECT MIN(next_attempt_at) FROM alert_deliveries WHERE status = 'pending'").pluck().get() ?? null
      );
    },
    markDelivered(id: number, attempts: number, now: number): void {
      db.prepare(
        "UPDATE alert_deliveries SET status = 'sent', attempts = ?, last_error = NULL, next_attempt_at = NULL, delivered_at = ? WHERE id = ?",
      ).run(attempts, now, id);
    },
    markAttemptFailed(id: number, attempts: number, error: string, retryAt: number | null): void {
      db.prepare('UPDATE alert_deliveries SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?').run(
        retryAt === null ? 'failed' : 'pending',
        attempts,
        error.slice(0, 1000),
        retryAt,
        id,
      );
    },
    retryDelivery(id: number, now: number): boolean {
      return (
        db
          .prepare("UPDATE alert_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND status = 'failed'")
          .run(now, id).changes > 0
      );
    },
    deliveries(filter: z.output<typeof DeliveryFilter>): AlertDelivery[] {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (filter.status) {
        where.push('status = ?');
        params.push(filter.status);
      }
      if (filter.eventId !== undefined) {
        where.push('event_id = ?');
        params.push(filter.eventId);
      }
      const sql = `SELECT * FROM alert_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      return db
        .prepare<(string | number)[], DeliveryRow>(sql)
        .all(...params, filter.limit)
        .map(toDelivery);
    },

    addSilence(ruleId: string | null, endsAt: number, comment: string, now: number): Silence {
      const id = Number(
        db
          .prepare('INSERT INTO alert_silences (rule_id, ends_at, comment, created_at) VALUES (?, ?, ?, ?)')
          .run(ruleId, endsAt, comment, now).lastInsertRowid,
      );
      return { id, ruleId, endsAt, comment, createdAt: now };
    },
    activeSilences(now: number): Silence[] {
      return db
        .prepare<[number], { id: number; rule_id: string | null; ends_at: number; comment: string; created_at: number }>(
          'SELECT * FROM alert_silences WHERE ends_at > ? ORDER BY ends_at',
        )
        .all(now)
        .map((row) => ({ id: row.id, ruleId: row.rule_id, endsAt: row.ends_at, comment: row.comment, createdAt: row.created_at }));
    },
    endSilence(id: number, now: number): boolean {
      return db.prepare('UPDATE alert_silences SET ends_at = ? WHERE id = ? AND ends_at > ?').run(now, id, now).changes > 0;
    },

    channels(): AlertChannel[] {
      return db
        .prepare<[], { id: string; name: string; config: string }>('SELECT id, name, config FROM alert_channels ORDER BY created_at')
        .all()
        .map((row) => AlertChannel.parse({ id: row.id, name: row.name, config: JSON.parse(row.config) }));
    },
    saveChannel(channel: AlertChannel, now: number): void {
      db.prepare(
        'INSERT INTO alert_channels (id, name, config, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config',
      ).run(channel.id, channel.name, JSON.stringify(channel.config), now);
    },
    removeChannel(id: string): boolean {
      return db.prepare('DELETE FROM alert_channels WHERE id = ?').run(id).changes > 0;
    },
  };
}
