import { describe, expect, it } from 'vitest';
import { extractAnswer, noAnswerText, type TermStatistics } from '../../../../src-main/engine/answer/extractive';
import { hit } from '../../../helpers/hits';

const report2023 = hit(
  1,
  'Annual report 2023\n\nOperating margin\n\nThe operating margin fell from 9.2% to 7.6% in 2023, mainly because of higher diesel prices. ' +
    'Margins in the wider sector were stable.',
  { title: 'Annual report 2023', headingPath: ['Annual report 2023', 'Operating margin'] },
);
const outlook = hit(2, 'Outlook for 2024\n\nWe expect the operating margin to recover in 2024 as electric vans arrive.', {
  title: 'Annual report 2023',
  headingPath: ['Annual report 2023', 'Outlook for 2024'],
});
const contract = hit(
  3,
  'Termination for convenience\n\nEither party may terminate this agreement for convenience by giving ninety (90) days written notice.',
  { title: 'Services Agreement', headingPath: ['Termination for convenience'] },
);
const duchy = hit(
  4,
  'The Duchy of Normandy, which began in 911 as a fiefdom, was established by the treaty of Saint-Clair-sur-Epte between ' +
    'King Charles III of West Francia and the famed Viking ruler Rollo.',
);

describe('extractAnswer', () => {
  it('quotes the sentence holding the asked figure and reason, never the heading or the title', () => {
    const answer = extractAnswer('What was the operating margin in 2023, and why did it fall?', [outlook, report2023, contract]);
    expect(answer.noAnswer).toBe(false);
    expect(answer.text).toBe('The operating margin fell from 9.2% to 7.6% in 2023, mainly because of higher diesel prices. [1]');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({ chunkId: 1, n: 1, text: answer.text.replace(' [1]', '') });
    expect(answer.citations[0]!.start).toBe(report2023.start + report2023.text.indexOf('The operating margin fell'));
  });

  it('answers from the best passage when it carries the question, even with few of the question’s words in one sentence', () => {
    const answer = extractAnswer('How much notice is needed to terminate the agreement for convenience?', [contract, outlook]);
    expect(answer.noAnswer).toBe(false);
    expect(answer.text).toContain('ninety (90) days');
    expect(answer.citations[0]!.chunkId).toBe(3);
  });

  it('prefers the sentence with an answer of the asked type: a date for "when", a name for "who"', () => {
    const passage = hit(
      5,
      'The treaty of Saint-Clair-sur-Epte created the Duchy of Normandy. It was signed in 911 by Rollo and King Charles III.',
    );
    expect(extractAnswer('When was the treaty of Saint-Clair-sur-Epte signed?', [passage]).text).toBe(
      'It was signed in 911 by Rollo and King Charles III. [1]',
    );
    expect(extractAnswer('Who was the Viking ruler at the founding of the Duchy of Normandy?', [duchy]).text).toContain('Rollo');
  });

  it('abstains when no passage mentions a name or number the question states', () => {
    const answer = extractAnswer('Who gave their name to Normandy in the 1000s and 1100s?', [duchy]);
    expect(answer).toEqual({ text: noAnswerText, noAnswer: true, citations: [] });
    expect(extractAnswer('What did the 2019 report say about margins?', [report2023]).noAnswer).toBe(true);
  });

  it('abstains when the passage holds no answer of the asked type', () => {
    expect(
      extractAnswer('When did the operating margin fall because of diesel prices?', [
        hit(6, 'The operating margin fell because of diesel prices.'),
      ]).noAnswer,
    ).toBe(true);
    expect(extractAnswer('Who terminated the agreement for convenience?', [contract]).noAnswer).toBe(true);
  });

  it('weighs terms by their rarity in the library, so a rare term decides between passages', () => {
    const a = hit(7, 'Overtime at Leeds averaged 14 hours per driver per month.');
    const b = hit(8, 'Overtime at Bristol averaged 2 hours per driver per month in the review.');
    const library: TermStatistics = { documents: 1000, documentFrequency: (term) => (term === 'bristol' ? 3 : 400) };
    const answer = extractAnswer('How much overtime per driver was there at Bristol?', [a, b], undefined, library);
    expect(answer.citations[0]!.chunkId).toBe(8);
  });

  it('says so when there is nothing to answer from', () => {
    expect(extractAnswer('What is the notice period?', []).noAnswer).toBe(true);
    expect(extractAnswer('Why?', [contract]).noAnswer).toBe(true);
  });
});
