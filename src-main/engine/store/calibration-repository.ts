import type { Db } from './database';

/**
 * Retrieval calibrations, one per embedder (retrieve/calibration.ts), kept in the shared `settings`
 * table under `retrieval.calibration.<embedder id>`: a refit is a new embedder id and so a new
 * calibration, and entries of embedders no longer live are removed when a new one is written.
 */
const prefix = 'retrieval.calibration.';

/** The stored calibration of an embedder as parsed JSON, or null when it has none. */
export function readCalibration(db: Db, embedderId: string): unknown {
  const value = db
    .prepare('SELECT value FROM settings WHERE key = ?')
    .pluck()
    .get(prefix + embedderId) as string | undefined;
  if (value === undefined) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

/** Stores an embedder's calibration, dropping those of embedders that are neither active nor building. */
export function writeCalibration(db: Db, embedderId: string, calibration: unknown): void {
  db.transaction(() => {
    db.prepare(
      `DELETE FROM settings WHERE key LIKE ? || '%' AND substr(key, ?) NOT IN (SELECT id FROM embedders WHERE state IN ('active', 'building'))`,
    ).run(prefix, prefix.length + 1);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      prefix + embedderId,
      JSON.stringify(calibration),
    );
  })();
}
