import type { AuditLog } from './audit-log';

const secretKey = /key|secret|password|token/i;

/** What the audit log keeps of a new value: secrets only as "set" or "cleared", never the value. */
export function auditedValue(key: string, value: unknown): unknown {
  if (!secretKey.test(key)) return value;
  return value === null || value === undefined || value === '' ? 'cleared' : 'set (hidden)';
}

/** Wraps a settings store so that every change is written to the audit log after it succeeded. */
export function withAuditedChanges<S extends { set(key: string, value: unknown): { key: string; value: unknown } }>(
  settings: S,
  audit: AuditLog,
): S {
  return {
    ...settings,
    set(key: string, value: unknown) {
      const result = settings.set(key, value);
      audit.record({ action: 'settings.change', target: key, details: { value: auditedValue(key, value === null ? null : result.value) } });
      return result;
    },
  };
}

/** Wraps an operation so that, once it succeeded (sync or async), its outcome is audited. */
export function auditedCall<A extends unknown[], R>(
  operation: (...args: A) => R,
  record: (result: Awaited<R>, args: A) => void,
): (...args: A) => R {
  return (...args: A): R => {
    const result = operation(...args);
    if (result instanceof Promise) {
      return result.then((value: Awaited<R>) => {
        record(value, args);
        return value;
      }) as R;
    }
    record(result as Awaited<R>, args);
    return result;
  };
}
