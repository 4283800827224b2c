import { describe, expect, it } from 'vitest';
import { buildDocxWithMargins } from '../../../../fixtures/ingest/build-damaged-documents';
import { blockPairs, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();

describe('docx headers, footers, comments and notes', () => {
  it('indexes the header, footer and comments after the body, and footnotes without a "↑"', async () => {
    const doc = await read(file('board.docx', await buildDocxWithMargins()));
    const pairs = blockPairs(doc);
    expect(pairs).toContainEqual(['paragraph', 'Header: Harbour Board — Confidential']);
    expect(pairs).toContainEqual(['paragraph', 'Footer: Prepared by the planning office']);
    expect(pairs).toContainEqual(['paragraph', 'Comment by Grace Hopper: Check the tonnage figures.']);
    const text = pairs.map(([, block]) => block).join('\n');
    expect(text).toContain('Port authority statistics, 2024.');
    expect(text).not.toContain('↑');
    expect(pairs[0]?.[1]).toMatch(/^Cargo volumes grew by a tenth/);
  });
});
