import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import type { SeriesQuery } from '../../../src-shared/schemas/monitor';
import { RetentionSettings, type MetricInfo, type SeriesResult } from '../../../src-shared/schemas/monitor';
import type { AlertCondition } from '../../../src-shared/schemas/alerts';
import type { Db } from '../store/database';
import type { EngineEvents } from '../events';
import { defineMetrics, type QuarryMetrics } from './metric-definitions';
import { createMetricsFeed, type MetricsFeed } from './metrics-feed';
import { createSystemCollector, type LibraryCounts } from './system-collector';
import { createCacheCollector } from './cache-collector';
import type { CacheStats } from '../../../src-shared/schemas/cache';
import { createSeriesStore } from './series-store';
import { createSampler, type SampleStats, type Sampler } from './sampler';
import { createAlertStore } from './alert-store';
import { createDeliveryWorker } from './delivery-worker';
import { createAlertManager, findAlertChannel, type AlertManager } from './alert-manager';
import type { AuditLog } from '../audit/audit-log';
import { createDashboardStore, type DashboardStore } from './dashboards';
import { metricCatalog } from './metric-catalog';
import { parseDuration } from './duration';

export interface MonitorOptions {
  /** Milliseconds between samples (default 10 s). */
  readonly sampleIntervalMs?: number;
  readonly retention?: Partial<z.input<typeof RetentionSettings>>;
  /** Start the sampler timer (hosts do; one-shot CLI commands need not). */
  readonly sample?: boolean;
  /** First delivery retry delay (default 2 s, doubling). */
  readonly deliveryBaseDelayMs?: number;
  readonly deliveryMaxAttempts?: number;
  readonly deliveryTimeoutMs?: number;
}

export interface MonitorDeps {
  readonly db: Db;
  readonly file: string;
  readonly events: EngineEvents;
  readonly logger: Logger;
  readonly audit: AuditLog;
  readonly counts: () => LibraryCounts;
  /** The answer cache's cumulative statistics, mirrored into cache metrics at each sample. */
  readonly cacheStats?: () => CacheStats;
  readonly options?: MonitorOptions;
}

const targetPoints = 120;
const niceStepsMs = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);

/** The step that gives about 120 points over the range, rounded to a readable width. */
export function defaultStep(rangeMs: number, sampleIntervalMs: number): number {
  const wanted = Math.max(rangeMs / targetPoints, sampleIntervalMs);
  return niceStepsMs.find((step) => step >= wanted) ?? niceStepsMs.at(-1)!;
}

/** What hosts use of the monitor: metrics, series, dashboards, alerts, the audit log, the exposition. */
export interface MonitorApi {
  catalog(): MetricInfo[];
  series(query: z.output<typeof SeriesQuery>, now?: number): SeriesResult;
  readonly dashboards: DashboardStore;
  retention(): RetentionSettings;
  /** Changes how long each resolution is kept; applied at the next roll-up, kept in the library. */
  setRetention(input: RetentionSettings): RetentionSettings;
  readonly alerts: AlertManager;
  readonly audit: AuditLog;
  /** The Prometheus text exposition, with process and storage gauges read just now. */
  exposition(): Promise<{ contentType: string; body: string }>;
  /** Takes one sample now (tests, and hosts that want a fresh point). */
  sampleNow(): Promise<SampleStats>;
}

/** The monitor with its internals, for the engine's composition and tests. */
export interface Monitor extends MonitorApi {
  readonly registry: Registry;
  readonly metrics: QuarryMetrics;
  readonly feed: MetricsFeed;
  readonly sampler: Sampler;
  close(): Promise<void>;
}

/** Metrics, their time series, alerts and dashboards, built on the engine's events. */
export function createMonitor(deps: MonitorDeps): Monitor {
  const options = deps.options ?? {};
  const intervalMs = options.sampleIntervalMs ?? 10_000;
  // Retention: what the user saved in the library wins over the host's options, then the defaults.
  const readStoredRetention = deps.db.prepare<[], string>("SELECT value FROM monitor_state WHERE key = 'retention'").pluck();
  const storedRetention = readStoredRetention.get();
  let retention = RetentionSettings.parse({ ...options.retention, ...(storedRetention ? (JSON.parse(storedRetention) as object) : {}) });
  const registry = new Registry();
  const metrics = defineMetrics(registry);
  const feed = createMetricsFeed(metrics);
  const unsubscribe = deps.events.onAny((type, payload) => feed.handle(type, payload));
  const system = createSystemCollector({ metrics, file: deps.file, counts: deps.counts });
  const cacheCollector = deps.cacheStats ? createCacheCollector(metrics, deps.cacheStats) : null;
  const collector = {
    refresh(): void {
      system.refresh();
      try {
        cacheCollector?.refresh();
      } catch (error) {
        deps.logger.warn({ err: error }, 'cache statistics could not be read for metrics');
      }
    },
    close: () => system.close(),
  };
  const series = createSeriesStore(deps.db, () => retention);
  const catalog = metricCatalog(registry);
  const known = new Set(catalog.map((entry) => entry.name));
  const alertStore = createAlertStore(deps.db);
  const worker = createDeliveryWorker({
    store: alertStore,
    channel: (id) => findAlertChannel(alertStore, id),
    logger: deps.logger,
    ...(options.deliveryBaseDelayMs !== undefined ? { baseDelayMs: options.deliveryBaseDelayMs } : {}),
    ...(options.deliveryMaxAttempts !== undefined ? { maxAttempts: options.deliveryMaxAttempts } : {}),
    ...(options.deliveryTimeoutMs !== undefined ? { timeoutMs: options.deliveryTimeoutMs } : {}),
    onOutcome: (channel, outcome) => metrics.monitor.notifications.inc({ channel, outcome }),
  });

  function conditionValue(condition: AlertCondition, at: number): number | null {
    const window = parseDuration(condition.window);
    const result = series.query(
      {
        metric: condition.metric,
        labels: condition.labels,
        aggregation: condition.aggregation,
        from: at - window,
        to: at,
        step: window,
        byLabels: false,
        exactWindow: true,
        resolution: window <= parseDuration(retention.raw) ? 0 : undefined,
      },
      at,
    );
    return result.series[0]?.values[0] ?? null;
  }

  const alerts = createAlertManager({
    store: alertStore,
    worker,
    events: deps.events,
    conditionValue,
    knownMetric: (name) => known.has(name),
    onStateCounts: (firing, pending) => {
      metrics.monitor.alertsFiring.set(firing);
      metrics.monitor.alertsPending.set(pending);
    },
  });

  const sampler = createSampler({
    registry,
    store: series,
    logger: deps.logger,
    intervalMs,
    beforeSample: collector.refresh,
    afterSample: (at) => alerts.evaluate(at),
    observeDuration: (seconds) => metrics.monitor.samplerDuration.observe(seconds),
  });
  if (options.sample ?? true) sampler.start();
  worker.kick();

  const { audit } = deps;
  const stopCountingAudit = deps.events.on('audit.recorded', ({ action }) => metrics.monitor.auditEntries.inc({ action }));

  return {
    registry,
    metrics,
    feed,
    sampler,
    alerts,
    audit,
    dashboards: createDashboardStore(deps.db),
    sampleNow: () => sampler.sampleNow(),
    retention: (): RetentionSettings => retention,
    /** Changes how long each resolution is kept; applied at the next roll-up, kept in the library. */
    setRetention(next: RetentionSettings): RetentionSettings {
      const [raw, minute, hour] = [next.raw, next.minute, next.hour].map(parseDuration) as [number, number, number];
      if (raw < 3_600_000 || minute < raw || hour < minute)
        throw new AppError('validation', 'Keep raw samples at least 1h, and each coarser resolution at least as long as the finer one.');
      deps.db.prepare("INSERT OR REPLACE INTO monitor_state (key, value) VALUES ('retention', ?)").run(JSON.stringify(next));
      retention = next;
      audit.record({ action: 'settings.change', target: 'monitor.retention', details: { ...next } });
      return next;
    },
    /** The Prometheus text exposition, with process and storage gauges read just now. */
    async exposition(): Promise<{ contentType: string; body: string }> {
      collector.refresh();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    catalog: (): MetricInfo[] => catalog,
    /** A metric over a time range, in steps, from the best stored resolution. */
    series(query: z.output<typeof SeriesQuery>, now: number = Date.now()): SeriesResult {
      if (!known.has(query.metric)) throw new AppError('not-found', `Quarry has no metric named ${query.metric}.`);
      const to = query.to ?? now;
      const from = query.from ?? to - parseDuration(query.range);
      if (from >= to) throw new AppError('validation', 'The range must end after it starts.');
      const step = query.step ? parseDuration(query.step) : defaultStep(to - from, intervalMs);
      if ((to - from) / step > 5000) throw new AppError('validation', 'That step would give more than 5000 points; choose a wider step.');
      const result = series.query(
        { metric: query.metric, labels: query.labels, aggregation: query.aggregation, from, to, step, byLabels: query.byLabels },
        now,
      );
      return { metric: query.metric, aggregation: query.aggregation, from, to, step, ...result };
    },
    async close(): Promise<void> {
      unsubscribe();
      stopCountingAudit();
      await sampler.stop();
      await worker.close();
      collector.close();
    },
  };
}
