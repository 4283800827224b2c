import type { AlertEvent } from '../../src-shared/schemas/alerts';

export const sampleEvent: AlertEvent = {
  id: 7,
  ruleId: 'rule-1',
  ruleName: 'Slow answers',
  severity: 'critical',
  kind: 'firing',
  title: 'critical: Slow answers is firing',
  body: 'quarry_answer_duration_seconds:p95 (max over 1m) = 3.2, threshold > 2 for 5m',
  values: [3.2],
  silenced: false,
  inApp: true,
  at: Date.UTC(2026, 0, 1, 12),
  tags: ['latency'],
};
