import { getDocument, VerbosityLevel, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import { paragraphsOf, withoutRunningLines, type PdfLine } from './pdf-layout';
import { readPdfPage, type PdfPageText } from './pdf-pages';
import { BlockCollector, throwIfCancelled, tooLargeError, type Reader, type ReaderContext } from './read-context';

/** pdfjs-dist's folder, found from the installed package so it works from a clone and in the built app. */
const pdfjsFolder = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** pdfjs wants folder paths with a trailing slash. */
const pdfjsData = (folder: string): string => `${join(pdfjsFolder, folder)}/`;
/**
 * pdfjs's data files: the CMaps that map character codes of CJK fonts that are not embedded
 * (without them Japanese and Chinese text is dropped or garbled), the metrics of the 14 standard
 * fonts (Helvetica, Times…), and the decoders of JPEG 2000 images.
 */
const dataFolders = {
  cMapUrl: pdfjsData('cmaps'),
  cMapPacked: true,
  standardFontDataUrl: pdfjsData('standard_fonts'),
  wasmUrl: pdfjsData('wasm'),
} as const;

/**
 * PDF through pdfjs's legacy build (the main build needs a DOM): the text layer of every page,
 * grouped into paragraphs and headings, each block keeping its 1-based page number, then the page's
 * filled form fields and annotation notes. A page pdfjs cannot read is skipped with a warning naming
 * it; only a document with no readable page at all is refused.
 */
export const readPdf: Reader = async (bytes, context) => {
  const pdf = await openPdf(bytes, context.fileName);
  try {
    if (pdf.numPages > context.limits.maxPages) {
      throw tooLargeError(context.fileName, 'maxPages', pdf.numPages, context.limits.maxPages);
    }
    const pages = await readPages(pdf, context);
    const readable = pages.filter((page) => page.ok);
    const failed = pages.filter((page) => !page.ok);
    if (readable.length === 0) throw unreadablePagesError(context.fileName, failed);
    const lines = readable.flatMap((page) => page.lines);
    const ocrPages = readable.filter((page) => page.needsOcr).map((page) => page.page);
    const collector = new BlockCollector(context);
    collectBlocks(collector, withoutRunningLines(lines, pdf.numPages), readable);
    if (collector.blocks.length === 0) throw emptyPdfError(context.fileName, pdf.numPages, ocrPages);
    const title = (await metadataTitle(pdf)) ?? collector.firstHeading();
    const warnings = [
      ...(failed.length === 0 ? [] : [badPagesWarning(failed, pdf.numPages)]),
      ...(ocrPages.length === 0 ? [] : [scannedPagesWarning(ocrPages)]),
    ];
    return { fileType: 'pdf', title, pages: pdf.numPages, blocks: collector.blocks, warnings, ocrPages };
  } finally {
    await pdf.destroy();
  }
};

type ReadablePage = Extract<PdfPageText, { ok: true }>;
type FailedPage = Extract<PdfPageText, { ok: false }>;

/** Paragraphs page by page, each page's form fields and notes after its text. */
function collectBlocks(collector: BlockCollector, lines: readonly PdfLine[], pages: readonly ReadablePage[]): void {
  const paragraphs = paragraphsOf(lines);
  let next = 0;
  for (const page of pages) {
    for (; next < paragraphs.length && (paragraphs[next]?.page ?? Infinity) <= page.page; next += 1) {
      const paragraph = paragraphs[next] as (typeof paragraphs)[number];
      if (paragraph.headingLevel === null) collector.add('paragraph', paragraph.text, paragraph.page);
      else collector.add('heading', paragraph.text, paragraph.page, paragraph.headingLevel);
    }
    for (const extra of page.extras) collector.add('paragraph', extra, page.page);
  }
}

/** "Pages 3, 7 of 9 could not be read… (reason)": which pages were left out, so the user knows what the index lacks. */
function badPagesWarning(failed: readonly FailedPage[], pageCount: number): string {
  const numbers = failed.map((page) => page.page);
  const shown = numbers.length > 20 ? `${numbers.slice(0, 20).join(', ')} and ${numbers.length - 20} more` : numbers.join(', ');
  const reason = failed[0]?.reason ?? 'unknown error';
  if (numbers.length === 1) return `Page ${shown} of ${pageCount} could not be read and is not indexed (${reason}).`;
  return `Pages ${shown} of ${pageCount} could not be read and are not indexed (${reason}).`;
}

/** Scanned pages inside a document with text: their content is missing until OCR reads them. */
function scannedPagesWarning(ocrPages: readonly number[]): string {
  const shown = ocrPages.length > 20 ? `${ocrPages.slice(0, 20).join(', ')} and ${ocrPages.length - 20} more` : ocrPages.join(', ');
  return ocrPages.length === 1
    ? `Page ${shown} is an image (probably scanned) and its text is not indexed without OCR.`
    : `Pages ${shown} are images (probably scanned) and their text is not indexed without OCR.`;
}

function unreadablePagesError(fileName: string, failed: readonly FailedPage[]): AppError {
  const reason = failed[0]?.reason ?? 'unknown error';
  return new AppError('corrupt', `${fileName} is damaged: none of its ${failed.length} pages can be read (${reason}).`, {
    pages: failed.map((page) => page.page),
    reason,
  });
}

/**
 * A PDF with readable pages but no text: scanned when some page paints images (those pages are the
 * OCR step's `ocrPages`), otherwise blank or only drawings, which OCR would not help.
 */
function emptyPdfError(fileName: string, pageCount: number, ocrPages: readonly number[]): AppError {
  if (ocrPages.length > 0) {
    return new AppError(
      'no-text-layer',
      `${fileName} has no text layer: its ${ocrPages.length === pageCount ? 'pages are' : `${ocrPages.length} of ${pageCount} pages are`} images (probably scanned), which Quarry cannot read without OCR.`,
      { pages: pageCount, ocrPages },
    );
  }
  return new AppError(
    'empty',
    `${fileName} has ${pageCount === 1 ? 'one page' : `${pageCount} pages`} but no text, images or filled form fields on them (blank, or drawings only).`,
    { pages: pageCount },
  );
}

async function openPdf(bytes: Uint8Array, fileName: string): Promise<PDFDocumentProxy> {
  try {
    return await getDocument({
      // pdfjs transfers (detaches) the buffer it is given; hand it a copy.
      data: new Uint8Array(bytes),
      // Warnings go to console.log in pdfjs and would corrupt the CLI's --json output.
      verbosity: VerbosityLevel.ERRORS,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      ...dataFolders,
      useWorkerFetch: false,
      stopAtErrors: false,
    }).promise;
  } catch (error) {
    throw openError(error, fileName);
  }
}

function openError(error: unknown, fileName: string): AppError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new AppError('encrypted', `${fileName} is encrypted; Quarry cannot read password-protected PDFs.`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('corrupt', `${fileName} is not a readable PDF (${reason}); it may be damaged or incomplete.`, {
    reason,
  });
}

async function readPages(pdf: PDFDocumentProxy, context: ReaderContext): Promise<PdfPageText[]> {
  const pages: PdfPageText[] = [];
  let chars = 0;
  for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber += 1) {
    throwIfCancelled(context);
    const page = await readPdfPage(pdf, pageNumber);
    if (page.ok) for (const line of page.lines) chars += line.text.length + 1;
    if (chars > context.limits.maxChars) {
      throw tooLargeError(context.fileName, 'maxChars', chars, context.limits.maxChars);
    }
    pages.push(page);
  }
  return pages;
}

async function metadataTitle(pdf: PDFDocumentProxy): Promise<string | null> {
  try {
    const { info } = await pdf.getMetadata();
    const title = (info as { Title?: unknown } | undefined)?.Title;
    return typeof title === 'string' && title.trim().length > 0 ? title.trim() : null;
  } catch {
    // Broken metadata does not make the text unreadable; the first heading serves as the title.
    return null;
  }
}
