import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { chunkDocument } from '../../../../../src-main/engine/ingest/chunk';
import { buildImageOnlyPdf, buildManyPagePdf, buildReportPdf, reportPages } from '../../../../fixtures/ingest/build-documents';
import {
  buildBlankPdf,
  buildCjkPdf,
  buildFilledFormPdf,
  buildLetterSpacedPdf,
  buildPdfWithBrokenPage,
  buildScannedPdf,
  damagedPdfPages,
} from '../../../../fixtures/ingest/build-damaged-documents';
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

  it('reports a PDF whose pages are only images as scanned, naming the pages for OCR', async () => {
    const error = await expectReadError(file('scan.pdf', await buildScannedPdf()), 'no-text-layer');
    expect(error.message).toMatch(/scanned.*OCR/);
    expect(error.details).toMatchObject({ pages: 2, ocrPages: [1, 2] });
  });

  it('indexes the text pages of a partly scanned PDF and names the image pages in a warning', async () => {
    const doc = await read(file('mixed.pdf', await buildScannedPdf('Cover letter of the survey.')));
    expect(doc.blocks.map((block) => [block.page, block.text])).toEqual([[1, 'Cover letter of the survey.']]);
    expect(doc.ocrPages).toEqual([2, 3]);
    expect(doc.warnings).toEqual(['Pages 2, 3 are images (probably scanned) and their text is not indexed without OCR.']);
  });

  it('does not call a PDF of drawn shapes scanned: it is empty, with no OCR pages', async () => {
    const error = await expectReadError(file('shapes.pdf', await buildImageOnlyPdf()), 'empty');
    expect(error.message).toBe('shapes.pdf has 2 pages but no text, images or filled form fields on them (blank, or drawings only).');
    await expectReadError(file('blank.pdf', await buildBlankPdf()), 'empty');
  });

  it('reads Chinese and Japanese set in a font the PDF does not embed (pdf.js CMaps)', async () => {
    const doc = await read(file('cjk.pdf', buildCjkPdf(['人工智能的研究', '日本語のテキスト'])));
    expect(doc.blocks.map((block) => block.text)).toEqual(['人工智能的研究', '日本語のテキスト']);
  });

  it('indexes the readable pages of a PDF with a broken page and warns which page is missing', async () => {
    const doc = await read(file('damaged.pdf', buildPdfWithBrokenPage()));
    expect(doc.pages).toBe(3);
    expect(doc.blocks.map((block) => [block.page, block.text])).toEqual([
      [1, damagedPdfPages[0]],
      [3, damagedPdfPages[2]],
    ]);
    expect(doc.warnings).toHaveLength(1);
    expect(doc.warnings?.[0]).toMatch(/^Page 2 of 3 could not be read and is not indexed \(/);
  });

  it('reads filled form fields, labelled by their tooltip, on the page they sit on', async () => {
    const doc = await read(file('form.pdf', await buildFilledFormPdf('Ada Lovelace')));
    expect(doc.blocks.map((block) => [block.page, block.text])).toEqual([[1, 'Applicant name: Ada Lovelace']]);
  });

  it('joins a letter-spaced title into its words', async () => {
    const doc = await read(file('spaced.pdf', await buildLetterSpacedPdf()));
    const texts = doc.blocks.map((block) => block.text);
    expect(texts).toEqual(['The Metropolis', 'A film by Fritz Lang about a city of machines.']);
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
