import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../../../src-main/engine/ingest/chunk';
import { buildSampleDocx } from '../../../../fixtures/ingest/build-documents';
import { blockPairs, expectReadError, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();
let sample: Buffer;

beforeAll(async () => {
  sample = await buildSampleDocx();
});

/** The sample document with one more part of `bytes` zeros, which deflate to almost nothing. */
async function docxWithZeros(bytes: number): Promise<Buffer> {
  const zip = await JSZip.loadAsync(sample);
  zip.file('word/media/padding.bin', new Uint8Array(bytes));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

describe('docx reader', () => {
  it('keeps headings with levels, paragraphs with mixed formatting and table rows', async () => {
    const doc = await read(file('review.docx', sample));
    expect(doc.fileType).toBe('docx');
    expect(doc.title).toBe('Supplier Review');
    expect(blockPairs(doc)).toEqual([
      ['heading', 'Supplier Review'],
      ['paragraph', 'Three suppliers were assessed for delivery reliability in 2024.'],
      ['heading', 'Scores'],
      ['table-row', 'Supplier: Acme Metals | Score: 87'],
      ['table-row', 'Supplier: Borealis Freight | Score: 72'],
      ['paragraph', 'Acme Metals is kept as the main supplier.'],
    ]);
    expect(doc.blocks.filter((block) => block.kind === 'heading').map((block) => block.level)).toEqual([1, 2]);
    const chunks = chunkDocument(doc).chunks;
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([['Supplier Review'], ['Supplier Review', 'Scores']]);
  });

  it('refuses a zip bomb from its declared sizes before inflating it', async () => {
    const bomb = await docxWithZeros(48 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    // maxChars 1,000,000 allows 20 MB of unpacked parts; the bomb declares 48 MB.
    const error = await expectReadError(file('bomb.docx', bomb), 'too-large', { maxChars: 1_000_000 });
    expect(error.message).toMatch(/zip bomb/);
    expect((await read(file('bomb.docx', bomb))).blocks.length).toBe(6);
  });

  it('reports data that is not a zip, or a zip that is not a Word document, as corrupt', async () => {
    await expectReadError(file('fake.docx', 'plain words, not a zip archive'), 'corrupt');
    await expectReadError(file('cut.docx', sample.subarray(0, sample.length - 200)), 'corrupt');
    const other = new JSZip().file('notes.txt', 'hello');
    const otherZip = await other.generateAsync({ type: 'nodebuffer' });
    const error = await expectReadError(file('archive.docx', otherZip), 'corrupt');
    expect(error.message).toMatch(/not a Word document/);
  });

  it('tells a password-protected document (an OLE compound file) from an old .doc', async () => {
    // Only the parts the check reads: the compound-file signature and the name of the
    // "EncryptionInfo" stream that Office writes into every encrypted OOXML file's directory.
    const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const encrypted = Buffer.concat([header, Buffer.alloc(504), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(512)]);
    const error = await expectReadError(file('locked.docx', encrypted), 'encrypted');
    expect(error.message).toMatch(/password-protected/);
    const oldDoc = Buffer.concat([header, Buffer.alloc(1024)]);
    await expectReadError(file('legacy.docx', oldDoc), 'unsupported-file');
  });
});
