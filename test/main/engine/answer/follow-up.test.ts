import { describe, expect, it } from 'vitest';
import { needsConversation, rewriteFollowUp } from '../../../../src-main/engine/answer/follow-up';

const history = [{ question: 'What is the boundary layer thickness on a flat plate?', answer: 'It grows with x [1].' }];

describe('needsConversation', () => {
  it('finds questions that cannot stand alone: a pronoun with nothing before it, a lone demonstrative, an ellipsis', () => {
    expect(needsConversation('Why did it fall?')).toBe('pronoun');
    expect(needsConversation('What was its operating margin in 2023?')).toBe('pronoun');
    expect(needsConversation('Why is that?')).toBe('too-short');
    expect(needsConversation('What does that mean for the renewal?')).toBe('demonstrative');
    expect(needsConversation('And in 2023?')).toBe('ellipsis');
    expect(needsConversation('What about Leeds?')).toBe('ellipsis');
  });

  it('lets a question stand alone when its pronoun or demonstrative has something in the question to point to', () => {
    expect(needsConversation('How much notice is needed to terminate the agreement, and is it renewable?')).toBeNull();
    expect(needsConversation('What risks does that report list for the Leeds site?')).toBeNull();
    expect(needsConversation('Which one of the suppliers offers the lowest price?')).toBeNull();
    expect(needsConversation('What do the site visit notes say about overtime at Leeds?')).toBeNull();
  });
});

describe('rewriteFollowUp', () => {
  it('adds the last question’s subject to a question that refers back', () => {
    const result = rewriteFollowUp('And how does it change with Mach number?', history);
    expect(result).toEqual({
      query: 'And how does it change with Mach number? boundary layer thickness flat plate',
      rewritten: true,
      reason: 'pronoun',
    });
  });

  it('adds the entities referred to, not the asking words or verbs of the last question', () => {
    const turns = [{ question: 'What did the 2023 annual report say about the operating margin?', answer: '… fell to 7.6% [1].' }];
    expect(rewriteFollowUp('Why did it fall?', turns).query).toBe('Why did it fall? 2023 annual report operating margin');
  });

  it('lets an ellipsis replace the earlier number or name with its own', () => {
    const turns = [{ question: 'What was the operating margin in 2022?', answer: '9.2% [1]' }];
    expect(rewriteFollowUp('And in 2023?', turns).query).toBe('And in 2023? operating margin');
    const visits = [{ question: 'What do the site visit notes say about overtime at Manchester?', answer: '… [1]' }];
    expect(rewriteFollowUp('What about Leeds?', visits).query).toBe('What about Leeds? site visit notes overtime');
  });

  it('reaches past a follow-up to the question that named the subject', () => {
    const turns = [
      { question: 'What was the operating margin of the Leeds depot in 2022?', answer: '9.2% [1]' },
      { question: 'Why did it fall?', answer: 'diesel prices [1]' },
    ];
    expect(rewriteFollowUp('And in 2023?', turns).query).toBe('And in 2023? fall operating margin leeds depot');
  });

  it('leaves a self-contained question and a first question alone', () => {
    expect(rewriteFollowUp('What materials are used for turbine blades at high temperature?', history)).toEqual({
      query: 'What materials are used for turbine blades at high temperature?',
      rewritten: false,
    });
    // A new question that happens to hold "it": its own words carry the search.
    expect(rewriteFollowUp('How much notice is needed to terminate the agreement, and is it renewable?', history).rewritten).toBe(false);
    expect(rewriteFollowUp('Why?', [])).toEqual({ query: 'Why?', rewritten: false });
  });
});
