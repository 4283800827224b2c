import { AuditFilter } from '../../../../src-shared/schemas/audit';
import { createAuditLog } from '../../../../src-main/engine/audit/audit-log';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineEvents } from '../../../../src-main/engine/events';
import { createMonitor, type Monitor } from '../../../../src-main/engine/monitor/monitor';
import { createMonitorHandlers } from '../../../../src-main/engine/monitor/monitor-handlers';
import { silentLogger, tempDatabase } from '../../../helpers/database';

describe('monitor handlers', () => {
  let monitor: Monitor | undefined;
  let cleanup: () => void = () => undefined;
  afterEach(async () => {
    await monitor?.close();
    cleanup();
  });

  it('never hands channel secrets to the UI, and keeps them when a masked channel is saved back', async () => {
    const temp = tempDatabase();
    cleanup = temp.cleanup;
    monitor = createMonitor({
      db: temp.db,
      audit: createAuditLog(temp.db),
      file: temp.file,
      events: createEngineEvents(),
      logger: silentLogger,
      counts: () => ({ documents: 0, chunks: 0, collections: 0 }),
      options: { sample: false },
    });
    const handlers = createMonitorHandlers(monitor);
    const saved = await handlers['alerts.saveChannel']({
      id: 'hook',
      name: 'Hook',
      config: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'the-real-secret' },
    });
    expect(saved.config).toMatchObject({ secret: '********' });
    const listed = (await handlers['alerts.channels']({})).find((channel) => channel.id === 'hook')!;
    expect(JSON.stringify(listed)).not.toContain('the-real-secret');
    await handlers['alerts.saveChannel']({ ...listed, name: 'Renamed hook' });
    expect(monitor.alerts.channel('hook')).toMatchObject({ name: 'Renamed hook', config: { secret: 'the-real-secret' } });
    expect(JSON.stringify(monitor.audit.list(AuditFilter.parse({})))).not.toContain('the-real-secret');
  });
});
