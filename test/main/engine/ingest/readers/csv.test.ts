import { describe, expect, it } from 'vitest';
import { blockPairs, expectReadError, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();

describe('csv reader', () => {
  it('turns each row into a self-describing table row, quoting and empty cells handled', async () => {
    const csv = 'Name,City,Note\nAda,London,"Wrote the first program, 1843"\nGrace,,"Said ""it is easier to ask"""\n\n';
    const doc = await read(file('people.csv', csv));
    expect(doc.fileType).toBe('csv');
    expect(blockPairs(doc)).toEqual([
      ['table-row', 'Name: Ada | City: London | Note: Wrote the first program, 1843'],
      ['table-row', 'Name: Grace | Note: Said "it is easier to ask"'],
    ]);
  });

  it('reads tab-separated files and detects semicolons', async () => {
    expect(blockPairs(await read(file('prices.tsv', 'item\tprice\nbolt, hex\t0.10\n')))).toEqual([
      ['table-row', 'item: bolt, hex | price: 0.10'],
    ]);
    expect(blockPairs(await read(file('eu.csv', 'Land;Hauptstadt\nÖsterreich;Wien\n')))).toEqual([
      ['table-row', 'Land: Österreich | Hauptstadt: Wien'],
    ]);
  });

  it('names columns without a header and extra cells by position', async () => {
    expect(blockPairs(await read(file('gaps.csv', 'id,\n1,one,extra\n')))).toEqual([
      ['table-row', 'id: 1 | column 2: one | column 3: extra'],
    ]);
  });

  it('reports a header without rows as empty', async () => {
    const error = await expectReadError(file('header.csv', 'a,b,c\n'), 'empty');
    expect(error.message).toMatch(/no data rows/);
  });
});
