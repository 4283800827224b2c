import { describe, expect, it } from 'vitest';
import { compareDocuments, summarizeDocument } from '../../../../src-main/engine/answer/document-answers';
import { passageStatistics } from '../../../../src-main/engine/answer/extractive';
import { hit } from '../../../helpers/hits';

const section = (id: number, documentId: number, title: string, heading: string, body: string) =>
  hit(id, `${heading}\n\n${body}`, { documentId, title, headingPath: [title, heading] });

const report2022 = [
  section(1, 100, 'Annual report 2022', 'Highlights', 'Revenue rose to £41.2 million in 2022. The fleet grew to 212 vehicles.'),
  section(2, 100, 'Annual report 2022', 'Operating margin', 'The operating margin was 9.2% in 2022, helped by stable fuel costs.'),
  section(3, 100, 'Annual report 2022', 'People', 'Headcount reached 640 employees, and staff turnover fell to 11%.'),
];
const report2023 = [
  section(4, 200, 'Annual report 2023', 'Highlights', 'Revenue grew to £44.0 million in 2023. The fleet grew to 230 vehicles.'),
  section(
    5,
    200,
    'Annual report 2023',
    'Operating margin',
    'The operating margin fell from 9.2% to 7.6%, mainly because of higher diesel prices.',
  ),
  section(6, 200, 'Annual report 2023', 'Outlook for 2024', 'We expect the margin to recover in 2024 as electric vans arrive.'),
];

describe('summarizeDocument', () => {
  it('covers every section in order, quotes sentences not headings, and cites each passage', () => {
    const answer = summarizeDocument(
      { label: 'Annual report 2022', chunks: report2022 },
      passageStatistics([...report2022, ...report2023]),
    );
    const lines = answer.text.split('\n');
    expect(lines[0]).toBe('Summary of Annual report 2022:');
    expect(answer.text.indexOf('Highlights:')).toBeLessThan(answer.text.indexOf('Operating margin:'));
    expect(answer.text.indexOf('Operating margin:')).toBeLessThan(answer.text.indexOf('People:'));
    expect(answer.text).toContain('The operating margin was 9.2% in 2022, helped by stable fuel costs. [2]');
    expect(lines.slice(1).every((line) => /^- .+ \[\d\]$/.test(line))).toBe(true);
    expect(answer.citations.map((c) => c.chunkId)).toEqual([1, 2, 3]);
    for (const citation of answer.citations) expect(answer.text).toContain(citation.text.split('. ')[0]!);
  });

  it('summarises a document without headings by its parts, in order', () => {
    const body = Array.from({ length: 12 }, (_, i) => `Finding ${i + 1} concerns depot number ${i + 1} and its drivers.`).join(' ');
    const answer = summarizeDocument({ label: 'notes.txt', chunks: [hit(9, body, { title: null })] }, passageStatistics([hit(9, body)]));
    const numbers = [...answer.text.matchAll(/Finding (\d+)/g)].map((m) => Number(m[1]));
    expect(numbers.length).toBeGreaterThanOrEqual(3);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers[0]).toBeLessThanOrEqual(3);
    expect(numbers.at(-1)).toBeGreaterThanOrEqual(9);
  });
});

describe('compareDocuments', () => {
  const statistics = passageStatistics([...report2022, ...report2023]);
  const left = { label: 'Annual report 2022', chunks: report2022 };
  const right = { label: 'Annual report 2023', chunks: report2023 };

  it('puts the sections both documents have side by side, figures first, numbering citations across both', () => {
    const answer = compareDocuments(left, right, null, statistics);
    expect(answer.text.split('\n')).toEqual([
      'Annual report 2022 and Annual report 2023 side by side',
      'On Highlights:',
      '- Annual report 2022: Revenue rose to £41.2 million in 2022. [1]',
      '- Annual report 2023: Revenue grew to £44.0 million in 2023. [2]',
      'On Operating margin:',
      '- Annual report 2022: The operating margin was 9.2% in 2022, helped by stable fuel costs. [3]',
      '- Annual report 2023: The operating margin fell from 9.2% to 7.6%, mainly because of higher diesel prices. [4]',
    ]);
    expect(answer.citations.map((c) => c.chunkId)).toEqual([1, 4, 2, 5]);
  });

  it('answers "how did X change" with each document’s sentence on X', () => {
    const answer = compareDocuments(left, right, 'operating margin', statistics);
    expect(answer.text).toContain('- Annual report 2022: The operating margin was 9.2% in 2022');
    expect(answer.text).toContain('- Annual report 2023: The operating margin fell from 9.2% to 7.6%');
    expect(answer.text).not.toContain('Revenue');
  });

  it('says plainly when one document says nothing on the topic', () => {
    const answer = compareDocuments(left, right, 'headcount', statistics);
    expect(answer.text).toContain('- Annual report 2022: Headcount reached 640 employees');
    expect(answer.text).toContain('- Annual report 2023: says nothing on this.');
  });
});
