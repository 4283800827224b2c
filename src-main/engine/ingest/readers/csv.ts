import Papa from 'papaparse';
import { AppError } from '../../../../src-shared/errors';
import { BlockCollector, collapseSpace, type Reader } from './read-context';
import { decodeTextFile } from './text-decode';

/**
 * CSV and TSV through papaparse. The first row is the header; every other row becomes a
 * `table-row` block that describes itself ("Name: Ada | Year: 1843"), so a chunk holding a few rows
 * still says what each value means. Empty cells are left out.
 */
export function csvReader(delimiter: ',' | '\t' | 'auto'): Reader {
  return async (bytes, context) => {
    const text = decodeTextFile(bytes, context.fileName);
    const parsed = Papa.parse<string[]>(text, {
      delimiter: delimiter === 'auto' ? '' : delimiter,
      skipEmptyLines: 'greedy',
    });
    const [header, ...rows] = parsed.data;
    if (header === undefined) throw new AppError('empty', `${context.fileName} has no rows.`);
    if (rows.length === 0) {
      throw new AppError('empty', `${context.fileName} has a header row but no data rows.`);
    }
    const names = header.map((name, column) => collapseSpace(name) || `column ${column + 1}`);
    const collector = new BlockCollector(context);
    for (const row of rows) {
      const cells: string[] = [];
      for (const [column, value] of row.entries()) {
        const cell = collapseSpace(value);
        if (cell.length > 0) cells.push(`${names[column] ?? `column ${column + 1}`}: ${cell}`);
      }
      collector.add('table-row', cells.join(' | '));
    }
    return { fileType: 'csv', title: null, pages: null, blocks: collector.blocks };
  };
}
