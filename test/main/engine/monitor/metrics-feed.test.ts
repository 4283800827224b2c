import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { defineMetrics } from '../../../../src-main/engine/monitor/metric-definitions';
import { createMetricsFeed } from '../../../../src-main/engine/monitor/metrics-feed';
import type { AnswerResult } from '../../../../src-shared/schemas/answer';

const answer = (overrides: Partial<AnswerResult> = {}): AnswerResult => ({
  answerId: 'a1',
  conversationId: 'c1',
  question: 'q',
  answer: 'x',
  noAnswer: false,
  citations: [],
  route: { provider: 'ollama', model: 'llama3.2', reason: 'r', complexity: 'simple' },
  cache: 'miss',
  timings: { retrieveMs: 40, routeMs: 5, generateMs: 255, totalMs: 300 },
  ...overrides,
});

async function value(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  return metric?.values.find((entry) => Object.entries(labels).every(([key, wanted]) => String(entry.labels[key]) === wanted))?.value;
}

describe('metrics feed', () => {
  it('derives time to first token and streaming speed from the answer’s events', async () => {
    const registry = new Registry();
    let clock = 0;
    const feed = createMetricsFeed(defineMetrics(registry), () => clock);
    for (const at of [100, 150, 200, 250]) {
      clock = at;
      feed.handle('answer.token', { answerId: 'a1', delta: 'w ' });
    }
    clock = 300;
    feed.handle('answer.done', answer());
    const histogram = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'quarry_answer_time_to_first_token_seconds')!;
    const sum = histogram.values.find((entry) => (entry as { metricName?: string }).metricName?.endsWith('_sum'))!.value;
    expect(sum).toBeCloseTo(0.1);
    const speed = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'quarry_answer_tokens_per_second')!;
    expect(speed.values.find((entry) => (entry as { metricName?: string }).metricName?.endsWith('_sum'))!.value).toBeCloseTo(4 / 0.2);
    expect(await value(registry, 'quarry_router_decisions_total', { target: 'ollama:llama3.2', reason: 'simple' })).toBe(1);
    expect(await value(registry, 'quarry_answers_in_flight')).toBe(0);
    expect(await value(registry, 'quarry_retrieval_empty_results_total')).toBe(1);
  });

  it('counts fallbacks, cancellations and failures, and ignores cache hits for routing', async () => {
    const registry = new Registry();
    const feed = createMetricsFeed(defineMetrics(registry));
    feed.handle(
      'answer.done',
      answer({
        route: {
          provider: 'openai',
          model: 'gpt-4o-mini',
          reason: 'r',
          attempts: [
            { provider: 'ollama', model: 'llama3.2', outcome: 'failed', error: 'timeout' },
            { provider: 'openai', model: 'gpt-4o-mini', outcome: 'answered', error: null },
          ],
        },
      }),
    );
    feed.handle('answer.done', answer({ answerId: 'a2', cache: 'hit' }));
    feed.handle('answer.error', { answerId: 'a3', code: 'cancelled', message: 'stopped', partial: '' });
    feed.handle('answer.error', { answerId: 'a4', code: 'provider-unreachable', message: 'down', partial: '' });
    expect(await value(registry, 'quarry_router_fallbacks_total', { from: 'ollama:llama3.2', to: 'openai:gpt-4o-mini' })).toBe(1);
    expect(await value(registry, 'quarry_router_decisions_total', { reason: 'fallback' })).toBe(1);
    expect(await value(registry, 'quarry_answers_total', { outcome: 'cache-hit' })).toBe(1);
    expect(await value(registry, 'quarry_answer_cancellations_total')).toBe(1);
    expect(await value(registry, 'quarry_answer_failures_total', { code: 'provider-unreachable' })).toBe(1);
  });
});
