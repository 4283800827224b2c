import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { SeriesStore } from './series-store';
import { snapshotRegistry, type HistogramMemory } from './snapshot';

export interface SamplerDeps {
  readonly registry: Registry;
  readonly store: SeriesStore;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** Updates the gauges nothing emits events for, right before each sample. */
  readonly beforeSample?: () => void;
  /** Runs after each stored sample (alert evaluation); its failures are logged, never thrown. */
  readonly afterSample?: (at: number) => Promise<void> | void;
  readonly observeDuration?: (seconds: number) => void;
  readonly now?: () => number;
}

export interface SampleStats {
  readonly at: number;
  readonly series: number;
  readonly collectMs: number;
  readonly writeMs: number;
  readonly compactMs: number;
}

const compactEveryMs = 60_000;

export interface Sampler {
  sampleNow: () => Promise<SampleStats>;
  start(): void;
  stop(): Promise<void>;
}

/** Samples the registry into the series store at a fixed interval, and rolls up once a minute. */
export function createSampler(deps: SamplerDeps): Sampler {
  const now = deps.now ?? Date.now;
  const memory: HistogramMemory = new Map();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<SampleStats> | null = null;
  let lastCompact = 0;

  async function sampleOnce(): Promise<SampleStats> {
    const started = performance.now();
    deps.beforeSample?.();
    const samples = await snapshotRegistry(deps.registry, memory);
    const collected = performance.now();
    const at = now();
    deps.store.write(samples, at);
    const written = performance.now();
    if (at - lastCompact >= compactEveryMs) {
      deps.store.compact(at);
      lastCompact = at;
    }
    const compacted = performance.now();
    deps.observeDuration?.((compacted - started) / 1000);
    return { at, series: samples.length, collectMs: collected - started, writeMs: written - collected, compactMs: compacted - written };
  }

  async function tick(): Promise<SampleStats> {
    const stats = await sampleOnce();
    try {
      await deps.afterSample?.(stats.at);
    } catch (error) {
      deps.logger.error({ err: error }, 'evaluation after a metric sample failed');
    }
    return stats;
  }

  /** One pass at a time: a slow pass makes the next tick wait instead of piling up. */
  function guardedTick(): Promise<SampleStats> {
    running ??= tick().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    sampleNow: guardedTick,
    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        guardedTick().catch((error: unknown) => deps.logger.error({ err: error }, 'metric sample failed'));
      }, deps.intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
