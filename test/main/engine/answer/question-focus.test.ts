import { describe, expect, it } from 'vitest';
import {
  answerTypeOf,
  holdsAnswerType,
  mentions,
  questionConstraints,
  questionFocus,
} from '../../../../src-main/engine/answer/question-focus';
import { contentTerms } from '../../../../src-main/engine/text/terms';

describe('answerTypeOf', () => {
  it('reads what a question asks for', () => {
    expect(answerTypeOf('When was the Duchy of Normandy founded?')).toBe('date');
    expect(answerTypeOf('In what year did the storm hit the fleet?')).toBe('date');
    expect(answerTypeOf('How much notice is needed to terminate the agreement?')).toBe('number');
    expect(answerTypeOf('What percentage of revenue came from Leeds?')).toBe('number');
    expect(answerTypeOf('Who signed the agreement?')).toBe('name');
    expect(answerTypeOf('Where did Harold II die?')).toBe('place');
    expect(answerTypeOf('Why did the operating margin fall?')).toBe('reason');
    expect(answerTypeOf('What is a fiefdom?')).toBe('definition');
    expect(answerTypeOf('What did the treaty offer Rollo?')).toBe('other');
  });
});

describe('questionConstraints', () => {
  it('keeps the names and numbers a question states, not its first word or possessives', () => {
    expect(questionConstraints("Who was Robert's son in 1107?").sort()).toEqual(['1107', 'robert']);
    expect(questionConstraints('Where does the Pico Act of 1859 apply?').sort()).toEqual(['1859', 'act', 'pico']);
    expect(questionConstraints('How many people live in 22,680,010 homes?')).toEqual(['22680010']);
  });

  it('leaves the words that say what is asked out of the question’s terms', () => {
    expect(questionFocus('In what year did the storm hit the fleet?').terms).toEqual(['storm', 'hit', 'fleet']);
  });
});

describe('mentions', () => {
  const check = (constraint: string, text: string) => mentions(constraint, text, new Set(contentTerms(text)));
  it('finds numbers as whole numbers and names through inflection', () => {
    expect(check('9', 'The treaty of 911 was signed.')).toBe(false);
    expect(check('911', 'The treaty of 911 was signed.')).toBe(true);
    expect(check('22680010', 'a population of 22,680,010 people')).toBe(true);
    expect(check('california', 'Southern Californian cities')).toBe(true);
    expect(check('1000', 'in the 10th and 11th centuries')).toBe(false);
  });
});

describe('holdsAnswerType', () => {
  it('wants an answer the question does not already state', () => {
    expect(holdsAnswerType('The Duchy was founded in 911.', 'When was the Duchy founded?', 'date')).toBe(true);
    expect(holdsAnswerType('The Duchy was founded by treaty.', 'When was the Duchy founded?', 'date')).toBe(false);
    expect(holdsAnswerType('The Duchy was founded in 911.', 'What happened in 911?', 'date')).toBe(false);
    expect(holdsAnswerType("Notice of ninety (90) days' is needed.", 'How much notice is needed?', 'number')).toBe(true);
    expect(holdsAnswerType('It was signed by Jane Okafor.', 'Who signed the agreement?', 'name')).toBe(true);
    expect(holdsAnswerType('It was signed last week.', 'Who signed the agreement?', 'name')).toBe(false);
    expect(holdsAnswerType('It fell mainly because of higher diesel prices.', 'Why did it fall?', 'reason')).toBe(true);
    expect(holdsAnswerType('It fell to 7.6%.', 'Why did it fall?', 'reason')).toBe(false);
  });
});

describe('answerTypeOf for "when"', () => {
  it('asks for a date in the past tense, for a condition in the present', () => {
    expect(answerTypeOf('When did the Normans reach Italy?')).toBe('date');
    expect(answerTypeOf('When was the treaty signed?')).toBe('date');
    expect(answerTypeOf('When does a wing stall?')).toBe('other');
    expect(answerTypeOf('When is a notice period required?')).toBe('other');
  });
});
