import { describe, expect, it } from 'vitest';
import { renderTemplate, unknownTemplateVariables } from '../../../../src-main/engine/monitor/alert-template';

describe('alert templates', () => {
  const context = {
    name: 'Slow answers',
    description: 'p95 above 2 s',
    severity: 'critical',
    state: 'firing' as const,
    conditions: [
      {
        metric: 'quarry_answer_duration_seconds:p95',
        aggregation: 'max' as const,
        operator: '>' as const,
        threshold: 2,
        duration: '5m',
        window: '1m',
      },
    ],
    values: [3.14159],
    since: Date.UTC(2026, 0, 1),
    at: Date.UTC(2026, 0, 1, 0, 5),
    tags: ['latency', 'answers'],
  };

  it('fills known variables and leaves unknown ones visible', () => {
    const text = renderTemplate('{{severity}}: {{ name }} at {{value}} (> {{threshold}}) since {{since}} [{{tags}}] {{nope}}', context);
    expect(text).toBe('critical: Slow answers at 3.142 (> 2) since 2026-01-01T00:00:00.000Z [latency, answers] {{nope}}');
    expect(renderTemplate('{{summary}}', context)).toBe('quarry_answer_duration_seconds:p95 (max over 1m) = 3.142, threshold > 2 for 5m');
  });

  it('reports unknown variables for the rule editor', () => {
    expect(unknownTemplateVariables('{{name}} {{valeu}} {{ x }}')).toEqual(['valeu', 'x']);
  });
});
