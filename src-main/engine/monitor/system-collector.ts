import { statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { QuarryMetrics } from './metric-definitions';

export interface LibraryCounts {
  readonly documents: number;
  readonly chunks: number;
  readonly collections: number;
}

export interface SystemCollectorDeps {
  readonly metrics: QuarryMetrics;
  /** The library file; its `-wal` sibling is measured too. */
  readonly file: string;
  readonly counts: () => LibraryCounts;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export interface SystemCollector {
  refresh(): void;
  close(): void;
}

/**
 * Reads the gauges nothing emits events for (process, storage) right before a sample or a scrape,
 * so they cost nothing between reads.
 */
export function createSystemCollector(deps: SystemCollectorDeps): SystemCollector {
  const { metrics } = deps;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const startedAt = performance.now();
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();

  return {
    refresh(): void {
      const memory = process.memoryUsage();
      metrics.process.residentMemory.set(memory.rss);
      metrics.process.heapUsed.set(memory.heapUsed);
      // The histogram reports nanoseconds and includes the sampling resolution itself.
      if (loopDelay.count > 0) {
        metrics.process.eventLoopLag.set(Math.max(0, loopDelay.mean / 1e9 - 0.01));
        metrics.process.eventLoopLagMax.set(Math.max(0, loopDelay.max / 1e9 - 0.01));
      }
      loopDelay.reset();
      const cpu = process.cpuUsage();
      const at = performance.now();
      const usedSeconds = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1e6;
      metrics.process.cpu.inc(usedSeconds);
      if (at > lastAt) metrics.process.cpuRatio.set(usedSeconds / ((at - lastAt) / 1000));
      lastCpu = cpu;
      lastAt = at;
      metrics.process.uptime.set((at - startedAt) / 1000);

      metrics.storage.dbBytes.set(sizeOf(deps.file));
      metrics.storage.walBytes.set(sizeOf(`${deps.file}-wal`));
      const counts = deps.counts();
      metrics.storage.documents.set(counts.documents);
      metrics.storage.chunks.set(counts.chunks);
      metrics.storage.collections.set(counts.collections);
    },
    close(): void {
      loopDelay.disable();
    },
  };
}
