import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../../../src-main/engine/ingest/chunk';
import { blockPairs, expectReadError, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();

const handbook = `---
title: "Field Handbook"
author: Quarry
---
# Chapter 2

Intro to **risk** with a [link](https://example.org) &amp; an \`inline()\` call.
Soft-wrapped line.

## Risks

- Flooding of the *lower* depot
  - Pumps fail first
- Power loss

| Risk | Owner |
|------|-------|
| Flood | Ops |
| Fire | Safety |

\`\`\`python
def pump():
    return "on"
\`\`\`

<script>steal()</script>

# Chapter 3

Closing words.
`;

describe('markdown reader', () => {
  it('reads headings with levels, paragraphs, list items, table rows and code', async () => {
    const doc = await read(file('handbook.md', handbook));
    expect(doc.fileType).toBe('md');
    expect(doc.title).toBe('Field Handbook');
    expect(blockPairs(doc)).toEqual([
      ['heading', 'Chapter 2'],
      ['paragraph', 'Intro to risk with a link & an inline() call. Soft-wrapped line.'],
      ['heading', 'Risks'],
      ['list-item', 'Flooding of the lower depot'],
      ['list-item', 'Pumps fail first'],
      ['list-item', 'Power loss'],
      ['table-row', 'Risk: Flood | Owner: Ops'],
      ['table-row', 'Risk: Fire | Owner: Safety'],
      ['code', 'def pump():\n    return "on"'],
      ['heading', 'Chapter 3'],
      ['paragraph', 'Closing words.'],
    ]);
    expect(doc.blocks.filter((block) => block.kind === 'heading').map((block) => block.level)).toEqual([1, 2, 1]);
  });

  it('gives chunks the path of headings they sit under', async () => {
    const chunks = chunkDocument(await read(file('handbook.md', handbook))).chunks;
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([['Chapter 2'], ['Chapter 2', 'Risks'], ['Chapter 3']]);
    expect(chunks[1]?.text.startsWith('Risks\n\nFlooding')).toBe(true);
  });

  it('falls back to the first heading for the title, and .markdown is markdown', async () => {
    const doc = await read(file('notes.markdown', 'Some text first.\n\n## Minutes\n\nAgreed.\n'));
    expect(doc.title).toBe('Minutes');
    expect(doc.blocks[1]).toEqual({ kind: 'heading', text: 'Minutes', level: 2, page: null });
  });

  it('reports a file of only markup without text as empty', async () => {
    await expectReadError(file('rules.md', '---\n\n***\n\n<script>x()</script>\n'), 'empty');
  });
});
