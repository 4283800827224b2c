import type { AlertCondition, AlertState, Operator } from '../../../src-shared/schemas/alerts';
import { parseDuration } from './duration';

/** What the evaluator remembers of a rule between evaluations. */
export interface RuleEvaluationState {
  readonly state: AlertState;
  /** When the current pending or firing state began. */
  readonly since: number | null;
  /** Per condition: since when it has held without interruption, or null. */
  readonly holdingSince: readonly (number | null)[];
}

/** The moments worth telling someone about, plus the silent ones the UI still shows. */
export type Transition = 'pending' | 'firing' | 'resolved' | 'cleared' | null;

export interface RuleShape {
  readonly conditions: readonly Pick<AlertCondition, 'operator' | 'threshold' | 'duration'>[];
  readonly match: 'all' | 'any';
}

export const initialEvaluationState: RuleEvaluationState = { state: 'inactive', since: null, holdingSince: [] };

export function compare(operator: Operator, value: number, threshold: number): boolean {
  switch (operator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
    default: {
      const unknown: never = operator;
      throw new RangeError(`Unknown operator ${String(unknown)}`);
    }
  }
}

/**
 * One evaluation of a rule, as a pure step: the previous state, the conditions' current values (null
 * when the metric has no data in its window, which never satisfies a condition) and the time give
 * the next state and the transition. A condition must hold at every evaluation for its `duration`
 * before it counts (Prometheus' `for`); the rule fires when all (or any) conditions count, stays
 * firing without repeating itself, and resolves as soon as that stops being true.
 */
export function evaluateRule(
  rule: RuleShape,
  previous: RuleEvaluationState,
  values: readonly (number | null)[],
  now: number,
): { next: RuleEvaluationState; transition: Transition } {
  const holdingSince = rule.conditions.map((condition, i) => {
    const value = values[i];
    const holds = value !== null && value !== undefined && compare(condition.operator, value, condition.threshold);
    return holds ? (previous.holdingSince[i] ?? now) : null;
  });
  const holds = holdingSince.map((since) => since !== null);
  const satisfied = rule.conditions.map((condition, i) => {
    const since = holdingSince[i];
    return since !== null && since !== undefined && now - since >= parseDuration(condition.duration);
  });
  const combine = (flags: boolean[]) => (rule.match === 'all' ? flags.every(Boolean) : flags.some(Boolean));
  const active = combine(holds);
  const firing = combine(satisfied);

  if (previous.state === 'firing') {
    if (firing) return { next: { state: 'firing', since: previous.since, holdingSince }, transition: null };
    return { next: { state: active ? 'pending' : 'inactive', since: active ? now : null, holdingSince }, transition: 'resolved' };
  }
  if (firing) return { next: { state: 'firing', since: now, holdingSince }, transition: 'firing' };
  if (active) {
    const since = previous.state === 'pending' ? previous.since : now;
    return { next: { state: 'pending', since, holdingSince }, transition: previous.state === 'pending' ? null : 'pending' };
  }
  return { next: { state: 'inactive', since: null, holdingSince }, transition: previous.state === 'pending' ? 'cleared' : null };
}
