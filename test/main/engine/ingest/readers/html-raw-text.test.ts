import { describe, expect, it } from 'vitest';
import { withoutRawTextElements } from '../../../../../src-main/engine/ingest/readers/html-raw-text';
import { blockPairs, expectReadError, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();

describe('html scripts, styles, tables and nesting', () => {
  it('ends a script where a browser does, so none of its markup becomes text', async () => {
    const page = [
      '<p>Before</p>',
      '<script><!-- document.write("<script>x()</script>"); --></script>',
      '<p>Middle</p>',
      '<script type="text/javascript">var end = "</div>";</script >',
      '<style>p::after { content: "</p>"; }</style>',
      '<p>After</p>',
    ].join('\n');
    expect(blockPairs(await read(file('scripts.html', page)))).toEqual([
      ['paragraph', 'Before'],
      ['paragraph', 'Middle'],
      ['paragraph', 'After'],
    ]);
  });

  it('drops an unclosed script to the end of the page, as browsers do', () => {
    expect(withoutRawTextElements('<p>kept</p><SCRIPT>var a = "<p>no</p>";').trim()).toBe('<p>kept</p>');
  });

  it('reads a title row spanning the table as a paragraph, not as every column’s label', async () => {
    const table = `<table>
      <tr><th colspan="3">Quarterly tonnage</th></tr>
      <tr><th>Port</th><th>Q1</th><th>Q2</th></tr>
      <tr><td>Rotterdam</td><td>110</td><td>118</td></tr>
    </table>`;
    expect(blockPairs(await read(file('table.html', table)))).toEqual([
      ['paragraph', 'Quarterly tonnage'],
      ['table-row', 'Port: Rotterdam | Q1: 110 | Q2: 118'],
    ]);
  });

  it('refuses 20,000-deep markup as too-deep, not with a stack overflow', async () => {
    const deep = `${'<div>'.repeat(20_000)}core${'</div>'.repeat(20_000)}`;
    const error = await expectReadError(file('deep.html', deep), 'too-deep');
    expect(error.message).toMatch(/more than 1,000 levels deep/);
  });
});
