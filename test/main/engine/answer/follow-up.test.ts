import { describe, expect, it } from 'vitest';
import { rewriteFollowUp } from '../../../../src-main/engine/answer/follow-up';

const history = [{ question: 'What is the boundary layer thickness on a flat plate?', answer: 'It grows with x [1].' }];

describe('rewriteFollowUp', () => {
  it('adds the last question’s subject to a question that refers back', () => {
    const result = rewriteFollowUp('And how does it change with Mach number?', history);
    expect(result.rewritten).toBe(true);
    expect(result.query).toBe('And how does it change with Mach number? boundary layer thickness flat plate');
  });

  it('leaves a self-contained question and a first question alone', () => {
    expect(rewriteFollowUp('What materials are used for turbine blades at high temperature?', history)).toEqual({
      query: 'What materials are used for turbine blades at high temperature?',
      rewritten: false,
    });
    expect(rewriteFollowUp('Why?', [])).toEqual({ query: 'Why?', rewritten: false });
  });
});
