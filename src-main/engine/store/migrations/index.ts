import type { Migration } from './migration';
import { migration0001 } from './0001-library';
import { migration0002 } from './0002-job-file-warnings';
import { migration0010 } from './0010-keyword-vocabulary';
import { migration0011 } from './0011-keyword-segmentation';
import { migration0019 } from './0019-drop-bit-tables';
import { migration0020 } from './0020-caches';
import { migration0021 } from './0021-retrieval-cache';
import { migration0030 } from './0030-conversations';
import { migration0031 } from './0031-spend-index';
import { migration0040 } from './0040-metric-series';
import { migration0041 } from './0041-alerts';
import { migration0042 } from './0042-audit-log';
import { migration0043 } from './0043-dashboards';
import { migration0060 } from './0060-answer-feedback';

export type { Migration } from './migration';

/**
 * Every migration, in version order. Versions are grouped by capability (1 library, 10–19 retrieval,
 * 20–29 caches, 30–39 conversations and spend, 40–49 monitor, 60–69 feedback), so a migration added
 * later can carry a lower number than one already released: `migrate` applies every version a library
 * has not recorded, not only those above its highest.
 */
export const migrations: readonly Migration[] = inVersionOrder([
  migration0001,
  migration0002,
  migration0010,
  migration0011,
  migration0019,
  migration0020,
  migration0021,
  migration0030,
  migration0031,
  migration0040,
  migration0041,
  migration0042,
  migration0043,
  migration0060,
]);

function inVersionOrder(list: readonly Migration[]): readonly Migration[] {
  const sorted = [...list].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (index > 0 && sorted[index - 1]!.version === migration.version) throw new Error(`two migrations share version ${migration.version}`);
  });
  return sorted;
}
