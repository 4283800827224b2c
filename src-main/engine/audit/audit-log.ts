import { AsyncLocalStorage } from 'node:async_hooks';
import { userInfo } from 'node:os';
import type { z } from 'zod';
import type { AuditFilter } from '../../../src-shared/schemas/audit';
import { type AuditEntry, type AuditExport } from '../../../src-shared/schemas/audit';
import type { Db } from '../store/database';

const actorContext = new AsyncLocalStorage<string>();

/**
 * Runs `work` on behalf of an actor (the server passes the API token's label), so every audit entry
 * written inside it, however deep, names who asked. Outside it the actor is the desktop user.
 */
export function runAsActor<T>(actor: string, work: () => T): T {
  return actorContext.run(actor, work);
}

function desktopUser(): string {
  try {
    return `desktop:${userInfo().username}`;
  } catch {
    return 'desktop';
  }
}

export function currentActor(): string {
  return actorContext.getStore() ?? desktopUser();
}

export interface AuditRecord {
  readonly action: string;
  readonly target?: string;
  readonly details?: Record<string, unknown>;
  readonly actor?: string;
}

const csvColumns = ['id', 'time', 'actor', 'action', 'target', 'details'] as const;

/** A CSV field quoted when it must be (RFC 4180), and with formula triggers defused for spreadsheets. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditToCsv(entries: readonly AuditEntry[]): string {
  const lines = entries.map((entry) =>
    [String(entry.id), new Date(entry.at).toISOString(), entry.actor, entry.action, entry.target, JSON.stringify(entry.details)]
      .map(csvField)
      .join(','),
  );
  return [csvColumns.join(','), ...lines].join('\r\n') + '\r\n';
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  details: string;
}

export interface AuditLog {
  /** Appends one entry; the actor defaults to whoever the current call runs for. */
  record(entry: AuditRecord): void;
  list(filter: z.output<typeof AuditFilter>): AuditEntry[];
  /** The filtered entries as a CSV or JSON document; exporting is itself audited. */
  export(
    input: z.output<typeof AuditFilter> & {
      format: 'csv' | 'json';
    },
  ): AuditExport;
}

/** The audit log table: append-only entries, filtered reads and exports. */
export function createAuditLog(db: Db, deps: { onRecord?: (action: string) => void; now?: () => number } = {}): AuditLog {
  const now = deps.now ?? Date.now;
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)');

  function list(filter: z.output<typeof AuditFilter>): AuditEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, ...values: (string | number)[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (filter.action) add("action LIKE ? ESCAPE '\\'", `${escapeLike(filter.action)}%`);
    if (filter.actor) add("actor LIKE ? ESCAPE '\\'", `%${escapeLike(filter.actor)}%`);
    if (filter.text)
      add("(target LIKE ? ESCAPE '\\' OR details LIKE ? ESCAPE '\\')", `%${escapeLike(filter.text)}%`, `%${escapeLike(filter.text)}%`);
    if (filter.from !== undefined) add('at >= ?', filter.from);
    if (filter.to !== undefined) add('at <= ?', filter.to);
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`;
    return db
      .prepare<(string | number)[], AuditRow>(sql)
      .all(...params, filter.limit, filter.offset)
      .map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
  }

  return {
    /** Appends one entry; the actor defaults to whoever the current call runs for. */
    record(entry: AuditRecord): void {
      insert.run(now(), entry.actor ?? currentActor(), entry.action, entry.target ?? '', JSON.stringify(entry.details ?? {}));
      deps.onRecord?.(entry.action);
    },
    list,
    /** The filtered entries as a CSV or JSON document; exporting is itself audited. */
    export(input) {
      const entries = list(input);
      const stamp = new Date(now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const content = input.format === 'csv' ? auditToCsv(entries) : JSON.stringify(entries, null, 2);
      this.record({ action: 'audit.export', target: input.format, details: { entries: entries.length } });
      return {
        format: input.format,
        mimeType: input.format === 'csv' ? 'text/csv' : 'application/json',
        filename: `quarry-audit-${stamp}.${input.format}`,
        content,
        count: entries.length,
      };
    },
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
