import { describe, expect, it } from 'vitest';
import { blockPairs, expectReadError, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();

const page = `<!doctype html>
<html><head><title>Port &amp; Harbour Survey</title><style>p { color: red }</style>
<script>var tracking = "do not index";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<main>
  <h1>Survey <em>results</em></h1>
  <p>The harbour handled <b>4,200</b> ships
     in 2023.</p>
  <div>Loose text in a div<br>after a break</div>
  <h3>Berths</h3>
  <ul><li>North berth<ul><li>Crane 1</li></ul></li><li>South berth</li></ul>
  <table>
    <thead><tr><th>Berth</th><th>Depth</th></tr></thead>
    <tbody><tr><td>North</td><td>12 m</td></tr><tr><td>South</td><td></td></tr></tbody>
  </table>
  <table><tr><td>a</td><td>b</td></tr></table>
  <pre>line 1
  line 2</pre>
  <noscript>Enable JavaScript</noscript>
</main>
</body></html>`;

describe('html reader', () => {
  it('reads title, headings, paragraphs, list items, table rows and preformatted text', async () => {
    const doc = await read(file('survey.html', page));
    expect(doc.fileType).toBe('html');
    expect(doc.title).toBe('Port & Harbour Survey');
    expect(blockPairs(doc)).toEqual([
      ['heading', 'Survey results'],
      ['paragraph', 'The harbour handled 4,200 ships in 2023.'],
      ['paragraph', 'Loose text in a div after a break'],
      ['heading', 'Berths'],
      ['list-item', 'North berth'],
      ['list-item', 'Crane 1'],
      ['list-item', 'South berth'],
      ['table-row', 'Berth: North | Depth: 12 m'],
      ['table-row', 'Berth: South'],
      ['table-row', 'a | b'],
      ['code', 'line 1\n  line 2'],
    ]);
    expect(doc.blocks.filter((block) => block.kind === 'heading').map((block) => block.level)).toEqual([1, 3]);
  });

  it('drops scripts, styles and navigation', async () => {
    const text = (await read(file('survey.htm', page))).blocks.map((block) => block.text).join(' ');
    for (const hidden of ['tracking', 'color', 'Home', 'About', 'Enable JavaScript']) {
      expect(text).not.toContain(hidden);
    }
  });

  it('reports a page with no visible text as empty', async () => {
    await expectReadError(file('blank.html', '<html><head><title>x</title></head><body><script>1</script></body></html>'), 'empty');
  });
});
