import type { EventPayload, EventType } from '../../../src-shared/contract';
import type { JobProgress } from '../../../src-shared/schemas/library';
import type { AnswerResult } from '../../../src-shared/schemas/answer';
import type { QuarryMetrics } from './metric-definitions';
import { isRemoteCall } from '../providers/remote-call';

interface JobSeen {
  documents: number;
  skipped: number;
  failed: number;
  chunks: number;
  bytesDone: number;
  remaining: number;
}

interface AnswerSeen {
  firstTokenAt: number;
  tokens: number;
}

/** Provider health as a number for charts and alert thresholds (higher is worse). */
export const providerStateCodes = { healthy: 0, degraded: 1, open: 2, unreachable: 3, disabled: 4 } as const;

/**
 * True when text sent in this call leaves the computer: OpenAI always (a local base URL is at most a
 * proxy to it), Ollama when it runs on another machine.
 */

/** Timing keys in `answer.done` that describe the answer rather than a retrieval stage. */
const answerTimingKeys = new Set(['generateMs', 'totalMs', 'firstTokenMs', 'routeMs']);

export interface MetricsFeed {
  /** The `onAny` listener: one switch over the event type. */
  handle<T extends EventType>(type: T, payload: EventPayload<T>): void;
}

/**
 * Turns engine events into metric updates. It keeps only what deltas need (the last totals of each
 * unfinished job, the first-token time of each streaming answer), so the feed costs a few map
 * operations per event and other modules need no reference to the monitor.
 */
export function createMetricsFeed(metrics: QuarryMetrics, now: () => number = () => performance.now()): MetricsFeed {
  const jobs = new Map<string, JobSeen>();
  const answers = new Map<string, AnswerSeen>();

  function updateQueue(): void {
    let remaining = 0;
    for (const job of jobs.values()) remaining += job.remaining;
    metrics.ingest.queueDepth.set(remaining);
    metrics.ingest.jobsRunning.set(jobs.size);
  }

  function onProgress(progress: JobProgress): void {
    const seen = jobs.get(progress.jobId) ?? { documents: 0, skipped: 0, failed: 0, chunks: 0, bytesDone: 0, remaining: 0 };
    const m = metrics.ingest;
    if (progress.documents > seen.documents) {
      m.files.inc({ status: 'done' }, progress.documents - seen.documents);
      m.documents.inc(progress.documents - seen.documents);
    }
    if (progress.skipped > seen.skipped) m.files.inc({ status: 'skipped' }, progress.skipped - seen.skipped);
    for (const failure of progress.failed.slice(seen.failed)) {
      m.files.inc({ status: 'failed' });
      m.failures.inc({ reason: failure.code });
    }
    if (progress.chunks > seen.chunks) m.chunks.inc(progress.chunks - seen.chunks);
    if (progress.bytesDone > seen.bytesDone) m.bytes.inc(progress.bytesDone - seen.bytesDone);
    jobs.set(progress.jobId, {
      documents: Math.max(seen.documents, progress.documents),
      skipped: Math.max(seen.skipped, progress.skipped),
      failed: Math.max(seen.failed, progress.failed.length),
      chunks: Math.max(seen.chunks, progress.chunks),
      bytesDone: Math.max(seen.bytesDone, progress.bytesDone),
      remaining: progress.filesTotal - progress.filesDone,
    });
  }

  function onJobDone(progress: JobProgress): void {
    onProgress(progress);
    jobs.delete(progress.jobId);
    metrics.ingest.jobs.inc({ status: progress.status });
    if (progress.finishedAt !== null) {
      const seconds = Math.max(0, (progress.finishedAt - progress.startedAt) / 1000);
      metrics.ingest.jobDuration.observe(seconds);
      if (seconds > 0) metrics.ingest.throughput.set(progress.bytesDone / seconds);
    }
  }

  function onToken(answerId: string): void {
    const seen = answers.get(answerId);
    if (seen) {
      seen.tokens += 1;
      return;
    }
    answers.set(answerId, { firstTokenAt: now(), tokens: 1 });
    metrics.answers.inFlight.set(answers.size);
  }

  function onAnswerDone(result: AnswerResult): void {
    const provider = result.route.provider;
    const model = result.route.model;
    const seen = answers.get(result.answerId);
    answers.delete(result.answerId);
    metrics.answers.inFlight.set(answers.size);
    const m = metrics.answers;
    m.total.inc({ provider, outcome: result.cache === 'hit' ? 'cache-hit' : result.noAnswer ? 'no-answer' : 'answered' });
    if (result.noAnswer) m.noAnswer.inc();
    m.citations.observe(result.citations.length);
    const totalMs = result.timings.totalMs;
    if (totalMs !== undefined) {
      m.duration.observe({ provider }, totalMs / 1000);
      if (seen) {
        // The question started totalMs before now; the first token came at seen.firstTokenAt.
        const startedAt = now() - totalMs;
        const ttftMs = result.timings.firstTokenMs ?? Math.max(0, seen.firstTokenAt - startedAt);
        m.timeToFirstToken.observe({ provider }, ttftMs / 1000);
        const streamingSeconds = (now() - seen.firstTokenAt) / 1000;
        if (streamingSeconds > 0 && seen.tokens > 1) m.tokensPerSecond.observe({ provider }, seen.tokens / streamingSeconds);
      }
    }
    const usage = result.usage;
    if (usage?.promptTokens) m.tokensIn.inc({ provider, model }, usage.promptTokens);
    const tokensOut = usage?.completionTokens ?? seen?.tokens ?? 0;
    if (tokensOut > 0) m.tokensOut.inc({ provider, model }, tokensOut);
    if (usage?.costUsd) m.cost.inc({ provider, model }, usage.costUsd);
    observeRoute(result);
    for (const [key, ms] of Object.entries(result.timings)) {
      if (answerTimingKeys.has(key) || !key.endsWith('Ms')) continue;
      metrics.retrieval.stageDuration.observe({ stage: key.slice(0, -2) }, ms / 1000);
    }
    if (result.citations.length === 0 && result.cache === 'miss') metrics.retrieval.emptyResults.inc();
    metrics.retrieval.passages.observe(result.citations.length);
  }

  /** The router's choice for an answer (cache hits made no choice) and any fallback it took. */
  function observeRoute(result: AnswerResult): void {
    if (result.cache === 'hit') return;
    const route = result.route;
    const target = `${route.provider}:${route.model}`;
    const attempts = route.attempts ?? [];
    const reason = attempts.length > 1 ? 'fallback' : (route.complexity ?? (route.provider === 'extractive' ? 'no-model' : 'policy'));
    metrics.router.decisions.inc({ target, reason });
    if (result.timings.routeMs !== undefined) metrics.router.duration.observe(result.timings.routeMs / 1000);
    for (const attempt of attempts) {
      if (attempt.outcome === 'failed') {
        metrics.router.fallbacks.inc({ from: `${attempt.provider}:${attempt.model}`, to: target });
        metrics.answers.failures.inc({ provider: attempt.provider, code: 'attempt-failed' });
      }
    }
  }

  function onProviderCall(call: EventPayload<'provider.call'>): void {
    const p = metrics.providers;
    p.requests.inc({ provider: call.provider, kind: call.kind, outcome: call.outcome });
    p.requestDuration.observe({ provider: call.provider, kind: call.kind }, call.durationMs / 1000);
    if (call.attempts > 1) p.retries.inc({ provider: call.provider }, call.attempts - 1);
    if (call.outcome === 'timeout') p.timeouts.inc({ provider: call.provider });
    if (isRemoteCall(call)) p.bytesSent.inc({ provider: call.provider }, call.bytesSent);
  }

  function onAnswerError(payload: EventPayload<'answer.error'>): void {
    answers.delete(payload.answerId);
    metrics.answers.inFlight.set(answers.size);
    if (payload.code === 'cancelled') metrics.answers.cancellations.inc();
    else metrics.answers.failures.inc({ provider: 'unknown', code: payload.code });
  }

  /** A search run outside an answer (the search box, the CLI). */
  function observeSearch(mode: string, hits: number, tookMs: number): void {
    metrics.retrieval.searches.inc({ mode });
    metrics.retrieval.stageDuration.observe({ stage: 'search' }, tookMs / 1000);
    if (hits === 0) metrics.retrieval.emptyResults.inc();
  }

  return {
    /** The `onAny` listener: one switch over the event type. */
    handle<T extends EventType>(type: T, payload: EventPayload<T>): void {
      switch (type as EventType) {
        case 'ingest.progress':
          onProgress(payload as JobProgress);
          updateQueue();
          return;
        case 'ingest.done':
          onJobDone(payload as JobProgress);
          updateQueue();
          return;
        case 'answer.token':
          onToken((payload as EventPayload<'answer.token'>).answerId);
          return;
        case 'answer.done':
          onAnswerDone(payload as AnswerResult);
          return;
        case 'answer.error':
          onAnswerError(payload as EventPayload<'answer.error'>);
          return;
        case 'provider.call':
          onProviderCall(payload as EventPayload<'provider.call'>);
          return;
        case 'search.done': {
          const search = payload as EventPayload<'search.done'>;
          observeSearch(search.mode, search.hits, search.tookMs);
          return;
        }
        case 'provider.state': {
          const change = payload as EventPayload<'provider.state'>;
          metrics.providers.circuitState.set({ provider: change.provider }, providerStateCodes[change.state]);
          return;
        }
        default:
          return;
      }
    },
  };
}
