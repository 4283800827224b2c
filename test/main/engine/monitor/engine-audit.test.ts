import { AuditFilter } from '../../../../src-shared/schemas/audit';
import { MaintenanceRequest } from '../../../../src-shared/schemas/cache';
import { IngestRequest } from '../../../../src-shared/schemas/library';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import { tempDir } from '../../../helpers/temp';

let engine: Engine | undefined;
afterEach(async () => engine?.close());

describe('operations the engine audits', () => {
  it('records deletions, privacy changes, cache clearing and backups', async () => {
    const data = tempDir();
    engine = createEngine({ dataDir: data, resumeJobs: false, logger: pino({ level: 'silent' }) });
    const folder = join(data, 'docs');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'memo.txt'), 'The merger closes in March.\n');
    writeFileSync(join(folder, 'plan.txt'), 'The plan starts in April.\n');
    await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [folder], collection: 'deals' }))).jobId);

    engine.library.remove(join(folder, 'memo.txt'));
    engine.library.setCollectionPrivate('deals', true);
    await engine.cache.clear();
    const report = await engine.maintenance.run(MaintenanceRequest.parse({ backup: true }));

    const entries = engine.monitor.audit.list(AuditFilter.parse({})).reverse();
    expect(entries.map((entry) => entry.action)).toEqual([
      'library.delete',
      'settings.collection-private',
      'cache.clear',
      'library.backup',
    ]);
    expect(entries[0]).toMatchObject({ target: join(folder, 'memo.txt'), details: { paths: [join(folder, 'memo.txt')] } });
    expect(entries[3]).toMatchObject({ target: report.backup!.path, details: { backupBytes: report.backup!.bytes } });
    expect(entries.every((entry) => entry.actor.startsWith('desktop'))).toBe(true);
  });
});
