import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { chunkDocument } from '../../../../../src-main/engine/ingest/chunk';
import { buildImageOnlyPdf, buildManyPagePdf, buildReportPdf, reportPages } from '../../../../fixtures/ingest/build-documents';
import { expectReadError, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();
const encryptedPdf = fileURLToPath(new URL('../../../../fixtures/ingest/encrypted.pdf', import.meta.url));
let report: Uint8Array;

beforeAll(async () => {
  report = await buildReportPdf();
});

describe('pdf reader', () => {
  it('reads the text layer page by page, keeping page numbers', async () => {
    const doc = await read(file('report.pdf', report));
    expect(doc.fileType).toBe('pdf');
    expect(doc.pages).toBe(3);
    for (const [index, page] of reportPages.entries()) {
      const onPage = doc.blocks.filter((block) => block.page === index + 1).map((block) => block.text);
      expect(onPage).toContain(page.heading);
      for (const lines of page.paragraphs) expect(onPage).toContain(lines.join(' '));
    }
  });

  it('joins wrapped lines into paragraphs and separates paragraphs by vertical gaps', async () => {
    const doc = await read(file('report.pdf', report));
    const page1 = doc.blocks.filter((block) => block.page === 1);
    expect(page1.map((block) => block.text)).toEqual([
      'Quarterly Risk Report',
      'The board reviewed the liquidity position of the fund and found the reserves adequate for the quarter.',
      'Auditors confirmed the valuation of the harbour assets.',
    ]);
  });

  it('drops running footers that repeat on every page', async () => {
    const doc = await read(file('report.pdf', report));
    expect(doc.blocks.map((block) => block.text).filter((text) => text.startsWith('Page'))).toEqual([]);
  });

  it('takes lines set larger than the body text for headings, and the first for the title', async () => {
    const doc = await read(file('report.pdf', report));
    const headings = doc.blocks.filter((block) => block.kind === 'heading');
    expect(headings.map((block) => [block.text, block.level, block.page])).toEqual([
      ['Quarterly Risk Report', 1, 1],
      ['Market Risks', 1, 2],
      ['Conclusions', 1, 3],
    ]);
    expect(doc.title).toBe('Quarterly Risk Report');
    const chunks = chunkDocument(doc).chunks;
    expect(chunks.map((chunk) => [chunk.page, chunk.headingPath])).toEqual([
      [1, ['Quarterly Risk Report']],
      [2, ['Market Risks']],
      [3, ['Conclusions']],
    ]);
  });

  it('does not print pdfjs warnings to stdout', async () => {
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    try {
      await read(file('report.pdf', report));
      await read(file('truncated.pdf', report.slice(0, Math.floor(report.length * 0.6)))).catch(() => null);
      expect(log).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  });

  it('reports a password-protected PDF as encrypted', async () => {
    const error = await expectReadError(encryptedPdf, 'encrypted');
    expect(error.message).toBe('encrypted.pdf is encrypted; Quarry cannot read password-protected PDFs.');
    expect(readFileSync(encryptedPdf).includes('/Encrypt')).toBe(true);
  });

  it('reports a PDF without any text as having no text layer', async () => {
    const error = await expectReadError(file('scan.pdf', await buildImageOnlyPdf()), 'no-text-layer');
    expect(error.message).toMatch(/OCR/);
  });

  it('reports truncated bytes and non-PDF data as corrupt', async () => {
    await expectReadError(file('truncated.pdf', report.slice(0, 400)), 'corrupt');
    await expectReadError(file('fake.pdf', 'this is not a pdf at all, just text'), 'corrupt');
  });

  it('refuses a PDF with more pages than maxPages, naming the setting', async () => {
    const path = file('long.pdf', await buildManyPagePdf(6));
    const error = await expectReadError(path, 'too-large', { maxPages: 5 });
    expect(error.message).toContain('6 pages');
    expect(error.message).toContain('maxPages');
    expect((await read(path, { maxPages: 6 })).pages).toBe(6);
  });

  it('refuses a PDF whose text passes maxChars', async () => {
    const error = await expectReadError(file('report.pdf', report), 'too-large', { maxChars: 100 });
    expect(error.message).toContain('maxChars');
  });
});
