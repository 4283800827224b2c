import { AppError } from '../../../src-shared/errors';
import { ProviderSettings } from '../../../src-shared/schemas/providers';
import type { Db } from '../store/database';
import type { AuditLog } from '../audit/audit-log';

const prefix = 'providers.';

/** Dotted paths of every leaf setting, e.g. `openai.enabled`, read from the defaults. */
function leafKeys(value: unknown, path: string[] = []): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [path.join('.')];
  const entries = Object.entries(value as Record<string, unknown>);
  // Records (prices, windows) are empty by default and set whole.
  if (entries.length === 0) return [path.join('.')];
  return entries.flatMap(([key, inner]) => leafKeys(inner, [...path, key]));
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function getPath(source: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    source,
  );
}

/** Reads a value typed on the command line: JSON when it parses (true, 3, null, ["a"]), else the text. */
export function parseSettingText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const settingKeys: readonly string[] = leafKeys(ProviderSettings.parse({}));

const secretKey = /key|secret|password|token/i;

/** What the audit log keeps of a new value: secrets only as "set" or "cleared", never the value. */
export function auditedValue(key: string, value: unknown): unknown {
  if (!secretKey.test(key)) return value;
  return value === null || value === undefined || value === '' ? 'cleared' : 'set (hidden)';
}

export interface SettingsRepository {
  /** The whole validated settings object (defaults filled in). */
  read(): ProviderSettings;
  /** One setting's value (defaults included), or every setting when no key is given. */
  get(key?: string): { key: string; value: unknown }[];
  /** Changes one setting after checking the whole result; null resets it to the default. Audited. */
  set(key: string, value: unknown): { key: string; value: unknown };
}

/**
 * Provider and router settings, one row per changed key in the shared `settings` table, validated as a
 * whole; every change is written to the audit log (secrets without their value).
 */
export function createSettingsRepository(db: Db, audit: Pick<AuditLog, 'record'>): SettingsRepository {
  const rows = db.prepare<[string], { key: string; value: string }>(`SELECT key, value FROM settings WHERE key LIKE ? || '%'`);
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  let cached: ProviderSettings | null = null;

  function stored(): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const row of rows.all(prefix)) setPath(raw, row.key.slice(prefix.length).split('.'), JSON.parse(row.value) as unknown);
    return raw;
  }

  function read(): ProviderSettings {
    cached ??= ProviderSettings.parse(stored());
    return cached;
  }

  return {
    read,
    get(key?: string): { key: string; value: unknown }[] {
      const settings = read();
      const keys = key ? [key] : settingKeys;
      return keys.map((k) => {
        if (!settingKeys.includes(k)) throw new AppError('validation', `There is no setting "${k}". Settings: ${settingKeys.join(', ')}.`);
        const value = getPath(settings, k.split('.'));
        return { key: k, value: k === 'openai.apiKey' && typeof value === 'string' ? `${value.slice(0, 3)}…${value.slice(-4)}` : value };
      });
    },
    set(key: string, value: unknown): { key: string; value: unknown } {
      if (!settingKeys.includes(key))
        throw new AppError('validation', `There is no setting "${key}". Settings: ${settingKeys.join(', ')}.`);
      const next = stored();
      setPath(next, key.split('.'), value === null ? undefined : value);
      const parsed = ProviderSettings.safeParse(next);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError('validation', `${key}: ${issue?.message ?? 'invalid value'}`);
      }
      if (value === null) remove.run(prefix + key);
      else upsert.run(prefix + key, JSON.stringify(value));
      cached = parsed.data;
      const result = { key, value: getPath(parsed.data, key.split('.')) };
      audit.record({ action: 'settings.change', target: key, details: { value: auditedValue(key, value === null ? null : result.value) } });
      return result;
    },
  };
}
