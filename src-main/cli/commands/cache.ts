import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { AppError } from '../../../src-shared/errors';
import type { CacheStats } from '../../../src-shared/schemas/cache';
import { parseQuestionsFile, type WarmProgress, type WarmQuestion } from '../../engine/cache/cache-warmer';
import type { Engine } from '../../engine';
import { positiveInteger, printJson, withEngine, type GlobalOptions } from '../context';

/** Parses `90s`, `10m`, `2h` or a number of seconds into milliseconds. */
export function parseInterval(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(raw.trim());
  if (!match) throw new AppError('validation', `--interval must look like 90s, 10m or 2h, not "${raw}".`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = Number(match[1]) * unit;
  if (ms < 1000) throw new AppError('validation', '--interval must be at least one second.');
  return ms;
}

function formatStats(stats: CacheStats): string {
  const ms = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)} ms`);
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MB`;
  return [
    `Answers: ${stats.hits} hits, ${stats.misses} misses (hit rate ${(stats.hitRate * 100).toFixed(1)}%), ${stats.stores} stored`,
    `  hits by tier: memory ${stats.hitsByTier.memory}, sqlite ${stats.hitsByTier.sqlite}, redis ${stats.hitsByTier.redis}; similar questions ${stats.similarHits}`,
    `  entries: ${stats.entries.memory} in memory (${mb(stats.bytes.memory)}), ${stats.entries.sqlite} in SQLite (${mb(stats.bytes.sqlite)})`,
    `  evictions: memory ${stats.evictions.memory}, sqlite ${stats.evictions.sqlite}; expired removed ${stats.expiredRemoved}`,
    `  hit latency: p50 ${ms(stats.hitLatencyMs.p50)}, p95 ${ms(stats.hitLatencyMs.p95)}, mean ${ms(stats.hitLatencyMs.mean)} over ${stats.hitLatencyMs.count}`,
    `Team Redis: ${stats.redis.configured ? stats.redis.status : 'off (set QUARRY_REDIS_URL)'}; skipped ${stats.redis.skipped}, errors ${stats.redis.errors}, unmatched ${stats.redis.unmatched}`,
    `Embeddings: ${stats.embeddings.entries} cached, ${stats.embeddings.hits} hits, ${stats.embeddings.misses} misses`,
  ].join('\n');
}

/** Shows progress on stderr: a bar on a terminal, one line per question otherwise; nothing in JSON mode. */
function progressReporter(json: boolean): { onProgress: (progress: WarmProgress) => void; stop: () => void } {
  if (json) return { onProgress: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: 'warming {bar} {value}/{total} {outcome}: {question}', stream: process.stderr, hideCursor: true });
    let started = false;
    return {
      onProgress(progress) {
        if (!started) bar.start(progress.total, 0, { outcome: '', question: '' });
        started = true;
        bar.update(progress.done, { outcome: progress.outcome, question: progress.question.slice(0, 50) });
      },
      stop: () => bar.stop(),
    };
  }
  return {
    onProgress: (p) => process.stderr.write(`[${p.done}/${p.total}] ${p.outcome.padEnd(8)} ${p.question}\n`),
    stop: () => undefined,
  };
}

async function questionsFor(engine: Engine, options: { file?: string; top: number }): Promise<WarmQuestion[]> {
  if (options.file) return parseQuestionsFile(await readFile(options.file, 'utf8'));
  return engine.cache.frequentQuestions(options.top);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export function registerCacheCommands(program: Command): void {
  const cache = program.command('cache').description('The answer and embedding caches');

  cache
    .command('stats')
    .description('Hits, misses, evictions, entries, bytes and hit latency of the caches')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const stats = engine.cache.stats();
        if (global.json) return printJson(stats);
        process.stdout.write(`${formatStats(stats)}\n`);
      });
    });

  cache
    .command('clear')
    .description('Drop every cached answer of this library')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const result = engine.cache.clear();
        if (global.json) return printJson(result);
        process.stdout.write(`Removed ${result.removed} cached answers.\n`);
      });
    });

  cache
    .command('warm')
    .description('Precompute answers: questions from a file (one per line), or the most frequently asked ones')
    .option('-f, --file <path>', 'questions file: one per line, "#" comments, optional "collection<TAB>question"')
    .option('-n, --top <n>', 'without --file: how many of the most frequent questions', positiveInteger('--top'), 50)
    .option('--daemon', 'keep warming at an interval until interrupted')
    .option('--interval <duration>', 'time between rounds with --daemon, e.g. 90s, 10m, 2h', '10m')
    .action(async (options: { file?: string; top: number; daemon?: boolean; interval: string }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const interval = parseInterval(options.interval);
      await withEngine(global, async (engine) => {
        const controller = new AbortController();
        const interrupt = () => controller.abort();
        process.once('SIGINT', interrupt);
        process.once('SIGTERM', interrupt);
        try {
          do {
            const questions = await questionsFor(engine, options);
            const progress = progressReporter(global.json === true);
            const report = await engine.cache.warm(questions, progress.onProgress, controller.signal);
            progress.stop();
            if (global.json) process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...report })}\n`);
            else {
              process.stdout.write(
                `Warmed ${report.total} questions in ${(report.totalMs / 1000).toFixed(1)} s: ${report.computed} computed, ${report.cached} already cached, ${report.failed.length} failed\n`,
              );
              for (const failure of report.failed) process.stdout.write(`  failed: ${failure.question} — ${failure.message}\n`);
            }
            if (options.daemon && !controller.signal.aborted) await sleep(interval, controller.signal);
          } while (options.daemon && !controller.signal.aborted);
        } finally {
          process.off('SIGINT', interrupt);
          process.off('SIGTERM', interrupt);
        }
      });
    });
}
