import { SilenceInput } from '../../../../src-shared/schemas/alerts';
import { AlertChannel } from '../../../../src-shared/schemas/alerts';
import { AuditFilter } from '../../../../src-shared/schemas/audit';
import { HistoryFilter } from '../../../../src-shared/schemas/alerts';
import { DeliveryFilter } from '../../../../src-shared/schemas/alerts';
import { AlertRuleInput } from '../../../../src-shared/schemas/alerts';
import { SeriesQuery } from '../../../../src-shared/schemas/monitor';
import { createAuditLog } from '../../../../src-main/engine/audit/audit-log';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineEvents } from '../../../../src-main/engine/events';
import { createLibraryRepository } from '../../../../src-main/engine/store/library-repository';
import { createMonitor, type Monitor } from '../../../../src-main/engine/monitor/monitor';
import type { AlertEvent } from '../../../../src-shared/schemas/alerts';
import type { JobProgress } from '../../../../src-shared/schemas/library';
import { startHttpReceiver, type HttpReceiver } from '../../../fakes/http-receiver';
import { silentLogger, tempDatabase } from '../../../helpers/database';

function progress(jobId: string, filesTotal: number, filesDone: number, extra: Partial<JobProgress> = {}): JobProgress {
  return {
    jobId,
    status: 'running',
    collection: 'default',
    filesTotal,
    filesDone,
    documents: filesDone,
    chunks: filesDone * 10,
    skipped: 0,
    bytesTotal: filesTotal * 1000,
    bytesDone: filesDone * 1000,
    etaSeconds: null,
    currentFile: null,
    failed: [],
    warned: [],
    startedAt: Date.now() - 2000,
    finishedAt: null,
    ...extra,
  };
}

describe('monitor', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(options: { failFirst?: number; failAlways?: boolean; delayMs?: number; maxAttempts?: number } = {}) {
    const temp = tempDatabase();
    cleanups.push(temp.cleanup);
    const receiver: HttpReceiver = await startHttpReceiver((_request, index) => {
      if (options.failAlways || index < (options.failFirst ?? 0)) return { status: 500, body: 'down' };
      return { delayMs: options.delayMs ?? 0 };
    });
    cleanups.push(() => receiver.close());
    const events = createEngineEvents();
    const library = createLibraryRepository(temp.db);
    const monitor: Monitor = createMonitor({
      db: temp.db,
      audit: createAuditLog(temp.db),
      file: temp.file,
      events,
      logger: silentLogger,
      counts: () => library.counts(),
      options: { sample: false, deliveryBaseDelayMs: 20, deliveryMaxAttempts: options.maxAttempts ?? 4, deliveryTimeoutMs: 5000 },
    });
    cleanups.push(() => monitor.close());
    const fired: { type: string; event: AlertEvent }[] = [];
    events.on('alert_triggered', (event) => fired.push({ type: 'alert_triggered', event }));
    events.on('alert_resolved', (event) => fired.push({ type: 'alert_resolved', event }));
    monitor.alerts.saveChannel(
      AlertChannel.parse({
        id: 'ops-hook',
        name: 'Ops webhook',
        config: { kind: 'webhook', url: `${receiver.url}/hook`, secret: 'shared-secret-1' },
      }),
    );
    const rule = monitor.alerts.saveRule(
      AlertRuleInput.parse({
        name: 'Ingestion backlog',
        severity: 'warning',
        conditions: [
          { metric: 'quarry_ingest_queue_depth', aggregation: 'last', operator: '>', threshold: 5, duration: '0s', window: '1m' },
        ],
        channels: ['in-app', 'ops-hook'],
        template: { title: '{{name}} {{state}}', body: 'queue at {{value}}' },
      }),
    );
    return { monitor, events, receiver, fired, rule, db: temp.db };
  }

  it('exposes at least 40 quarry_ metrics in Prometheus text format, fed by engine events', async () => {
    const { monitor, events } = await setup();
    events.emit('ingest.progress', progress('job-1', 4, 1));
    events.emit(
      'ingest.done',
      progress('job-1', 4, 4, { status: 'done', finishedAt: Date.now(), failed: [{ path: '/x.pdf', code: 'encrypted', error: 'locked' }] }),
    );
    events.emit('answer.token', { answerId: 'a1', delta: 'Hello ' });
    events.emit('answer.token', { answerId: 'a1', delta: 'world' });
    events.emit('answer.done', {
      answerId: 'a1',
      conversationId: 'c1',
      question: 'q',
      answer: 'Hello world',
      noAnswer: false,
      citations: [],
      route: { provider: 'extractive', model: 'quarry-extractive', reason: 'r' },
      cache: 'miss',
      timings: { retrieveMs: 12, generateMs: 3, totalMs: 15 },
    });
    const { contentType, body } = await monitor.exposition();
    expect(contentType).toMatch(/^text\/plain/);
    const names = new Set([...body.matchAll(/^# TYPE (quarry_\w+) /gm)].map((match) => match[1]));
    expect(names.size).toBeGreaterThanOrEqual(40);
    expect(body).toMatch(/^quarry_ingest_files_total\{status="done"\} 4$/m);
    expect(body).toMatch(/^quarry_ingest_failures_total\{reason="encrypted"\} 1$/m);
    expect(body).toMatch(/^quarry_ingest_bytes_total 4000$/m);
    expect(body).toMatch(/^quarry_ingest_jobs_total\{status="done"\} 1$/m);
    expect(body).toMatch(/^quarry_answers_total\{provider="extractive",outcome="answered"\} 1$/m);
    expect(body).toMatch(/^quarry_retrieval_stage_duration_seconds_count\{stage="retrieve"\} 1$/m);
    expect(body).toMatch(/^quarry_answer_tokens_out_total\{provider="extractive",model="quarry-extractive"\} 2$/m);
    expect(body).toMatch(/^quarry_process_resident_memory_bytes [1-9]/m);
    expect(body).toMatch(/^quarry_db_size_bytes [1-9]/m);
  });

  it('fires once, notifies the signed webhook and the app, and resolves', async () => {
    const { monitor, events, receiver, fired, rule } = await setup();
    events.emit('ingest.progress', progress('job-1', 20, 2));
    await monitor.sampler.sampleNow();
    expect(monitor.alerts.rule(rule.id).state).toBe('firing');
    await receiver.waitFor(1);
    await monitor.sampler.sampleNow();
    events.emit('ingest.done', progress('job-1', 20, 20, { status: 'done', finishedAt: Date.now() }));
    await monitor.sampler.sampleNow();
    await receiver.waitFor(2);
    expect(fired.map((entry) => [entry.type, entry.event.title, entry.event.inApp])).toEqual([
      ['alert_triggered', 'Ingestion backlog firing', true],
      ['alert_resolved', 'Ingestion backlog resolved', true],
    ]);
    expect(fired[0]!.event.body).toBe('queue at 18');
    const bodies = receiver.received.map((request) => JSON.parse(request.body) as { type: string });
    expect(bodies.map((body) => body.type)).toEqual(['alert_triggered', 'alert_resolved']);
    expect(receiver.received[0]!.headers['x-quarry-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(monitor.alerts.history(HistoryFilter.parse({})).map((event) => event.kind)).toEqual(['resolved', 'firing']);
    await expect.poll(() => monitor.alerts.deliveries(DeliveryFilter.parse({ status: 'sent' })).length).toBe(4);
  });

  it('retries a failing channel with backoff until it accepts', async () => {
    const { monitor, events, receiver } = await setup({ failFirst: 2 });
    events.emit('ingest.progress', progress('job-1', 20, 0));
    await monitor.sampler.sampleNow();
    await receiver.waitFor(3);
    await expect
      .poll(() => monitor.alerts.deliveries(DeliveryFilter.parse({ status: 'sent' })).find((d) => d.channelId === 'ops-hook')?.attempts)
      .toBe(3);
  });

  it('lists deliveries that failed for good, and retries one on request', async () => {
    const { monitor, events, receiver } = await setup({ failAlways: true, maxAttempts: 2 });
    events.emit('ingest.progress', progress('job-1', 20, 0));
    await monitor.sampler.sampleNow();
    await expect.poll(() => monitor.alerts.deliveries(DeliveryFilter.parse({ status: 'failed' })).length).toBe(1);
    const failed = monitor.alerts.deliveries(DeliveryFilter.parse({ status: 'failed' }))[0]!;
    expect(failed).toMatchObject({ channelId: 'ops-hook', attempts: 2 });
    expect(failed.lastError).toMatch(/HTTP 500/);
    expect(receiver.received).toHaveLength(2);
    expect(monitor.alerts.retryDelivery(failed.id)).toBe(true);
    await receiver.waitFor(4);
  });

  it('records but does not deliver while silenced, and a test notification ignores silences', async () => {
    const { monitor, events, receiver, fired, rule } = await setup();
    monitor.alerts.silence(SilenceInput.parse({ ruleId: rule.id, duration: '1h', comment: 'maintenance' }));
    events.emit('ingest.progress', progress('job-1', 20, 0));
    await monitor.sampler.sampleNow();
    expect(fired[0]!.event).toMatchObject({ silenced: true, inApp: false });
    expect(monitor.alerts.deliveries(DeliveryFilter.parse({}))).toHaveLength(0);
    const test = monitor.alerts.sendTest(rule.id);
    expect(test.kind).toBe('test');
    await receiver.waitFor(1);
    expect(JSON.parse(receiver.received[0]!.body).type).toBe('alert_test');
  });

  it('never waits for a slow channel', async () => {
    const { monitor, events, receiver, rule } = await setup({ delayMs: 1500 });
    events.emit('ingest.progress', progress('job-1', 20, 0));
    await monitor.sampler.sampleNow();
    expect(monitor.alerts.rule(rule.id).state).toBe('firing');
    await expect.poll(() => receiver.received.length).toBe(1);
    // The receiver has the request but has not answered: the sample pass is long over.
    expect(monitor.alerts.deliveries(DeliveryFilter.parse({ status: 'pending' }))).toHaveLength(1);
    await expect.poll(() => monitor.alerts.deliveries(DeliveryFilter.parse({ status: 'sent' })).length, { timeout: 5000 }).toBe(2);
  });

  it('rejects rules with unknown metrics, channels or template variables', async () => {
    const { monitor } = await setup();
    expect(() =>
      monitor.alerts.saveRule(
        AlertRuleInput.parse({
          name: 'bad',
          conditions: [{ metric: 'quarry_nope', operator: '>', threshold: 1 }],
          channels: ['pager'],
          template: { title: '{{nmae}}', body: '' },
        }),
      ),
    ).toThrow(/no metric named quarry_nope.*Unknown channel: pager.*\{\{nmae\}\}/);
  });

  it('keeps a changed retention in the library, and refuses one that would drop data too early', async () => {
    const { monitor, db } = await setup();
    expect(monitor.retention()).toEqual({ raw: '1d', minute: '7d', hour: '90d' });
    monitor.setRetention({ raw: '2d', minute: '14d', hour: '365d' });
    expect(() => monitor.setRetention({ raw: '10m', minute: '7d', hour: '90d' })).toThrow(/at least 1h/);
    expect(() => monitor.setRetention({ raw: '2d', minute: '1d', hour: '90d' })).toThrow(/at least as long/);
    const again = createMonitor({
      db,
      audit: createAuditLog(db),
      file: ':memory:',
      events: createEngineEvents(),
      logger: silentLogger,
      counts: () => ({ documents: 0, chunks: 0, collections: 0 }),
      options: { sample: false },
    });
    expect(again.retention()).toEqual({ raw: '2d', minute: '14d', hour: '365d' });
    await again.close();
    expect(monitor.audit.list(AuditFilter.parse({ action: 'settings.change' }))[0]).toMatchObject({
      target: 'monitor.retention',
      details: { raw: '2d' },
    });
  });

  it('stores samples that range queries read back', async () => {
    const { monitor, events } = await setup();
    events.emit('ingest.progress', progress('job-1', 20, 5));
    await monitor.sampler.sampleNow();
    const result = monitor.series(SeriesQuery.parse({ metric: 'quarry_ingest_queue_depth', aggregation: 'last', range: '5m' }));
    expect(result.resolution).toBe(0);
    expect(result.series[0]!.values.filter((value) => value !== null)).toEqual([15]);
    expect(() => monitor.series(SeriesQuery.parse({ metric: 'quarry_unknown' }))).toThrow(/no metric/);
  });
});
