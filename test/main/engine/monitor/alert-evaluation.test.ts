import { describe, expect, it } from 'vitest';
import {
  evaluateRule,
  initialEvaluationState,
  type RuleEvaluationState,
  type RuleShape,
} from '../../../../src-main/engine/monitor/alert-evaluation';

const minute = 60_000;

/** Runs a rule over a timeline of [time, values] and collects state and transition at each step. */
function run(rule: RuleShape, timeline: [number, (number | null)[]][]) {
  let state: RuleEvaluationState = initialEvaluationState;
  return timeline.map(([at, values]) => {
    const step = evaluateRule(rule, state, values, at);
    state = step.next;
    return { at, state: step.next.state, transition: step.transition, since: step.next.since };
  });
}

const over = (threshold: number, duration: string) => ({ operator: '>' as const, threshold, duration });

describe('evaluateRule', () => {
  it('goes pending, fires only after the condition held for the whole duration, and resolves', () => {
    const steps = run({ conditions: [over(10, '5m')], match: 'all' }, [
      [0, [5]],
      [1 * minute, [12]],
      [3 * minute, [15]],
      [5 * minute, [11]],
      [6 * minute, [20]],
      [7 * minute, [30]],
      [8 * minute, [3]],
      [9 * minute, [3]],
    ]);
    expect(steps.map((s) => s.state)).toEqual(['inactive', 'pending', 'pending', 'pending', 'firing', 'firing', 'inactive', 'inactive']);
    expect(steps.map((s) => s.transition)).toEqual([null, 'pending', null, null, 'firing', null, 'resolved', null]);
    expect(steps[4]!.since).toBe(6 * minute);
    expect(steps[2]!.since).toBe(1 * minute);
  });

  it('starts the duration again when the condition breaks while pending', () => {
    const steps = run({ conditions: [over(10, '5m')], match: 'all' }, [
      [0, [12]],
      [4 * minute, [12]],
      [4.5 * minute, [9]],
      [5 * minute, [12]],
      [9 * minute, [12]],
      [10 * minute, [12]],
    ]);
    expect(steps.map((s) => s.transition)).toEqual(['pending', null, 'cleared', 'pending', null, 'firing']);
  });

  it('fires at once with a zero duration and never repeats while firing', () => {
    const steps = run({ conditions: [over(1, '0s')], match: 'all' }, [
      [0, [2]],
      [1000, [3]],
      [2000, [4]],
    ]);
    expect(steps.map((s) => s.transition)).toEqual(['firing', null, null]);
  });

  it('treats missing data as not holding', () => {
    const steps = run({ conditions: [over(1, '0s')], match: 'all' }, [
      [0, [2]],
      [1000, [null]],
    ]);
    expect(steps.map((s) => s.transition)).toEqual(['firing', 'resolved']);
  });

  it('with match "all" needs every condition past its own duration', () => {
    const rule: RuleShape = { conditions: [over(10, '0s'), { operator: '<', threshold: 1, duration: '2m' }], match: 'all' };
    const steps = run(rule, [
      [0, [11, 0]],
      [1 * minute, [11, 0]],
      [2 * minute, [11, 0]],
      [3 * minute, [5, 0]],
    ]);
    expect(steps.map((s) => s.transition)).toEqual(['pending', null, 'firing', 'resolved']);
  });

  it('with match "any" fires on the first condition that qualifies and resolves when none does', () => {
    const rule: RuleShape = { conditions: [over(10, '0s'), over(100, '0s')], match: 'any' };
    const steps = run(rule, [
      [0, [1, 1]],
      [1000, [1, 150]],
      [2000, [20, 1]],
      [3000, [1, 1]],
    ]);
    expect(steps.map((s) => s.state)).toEqual(['inactive', 'firing', 'firing', 'inactive']);
    expect(steps.map((s) => s.transition)).toEqual([null, 'firing', null, 'resolved']);
  });

  it('supports every comparison operator', () => {
    const check = (operator: '>' | '>=' | '<' | '<=' | '==' | '!=', value: number) =>
      evaluateRule({ conditions: [{ operator, threshold: 5, duration: '0s' }], match: 'all' }, initialEvaluationState, [value], 0).next
        .state;
    expect([check('>', 6), check('>', 5), check('>=', 5), check('<', 4), check('<=', 6), check('==', 5), check('!=', 5)]).toEqual([
      'firing',
      'inactive',
      'firing',
      'firing',
      'inactive',
      'firing',
      'inactive',
    ]);
  });
});
