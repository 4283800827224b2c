import { getDocument, VerbosityLevel, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import { pageLines, paragraphsOf, withoutRunningLines, type PdfLine, type PdfTextRun } from './pdf-layout';
import { BlockCollector, throwIfCancelled, tooLargeError, type Reader, type ReaderContext } from './read-context';

/**
 * pdfjs's metrics for the 14 standard fonts (Helvetica, Times…), which PDFs use without embedding;
 * without them pdfjs warns and guesses glyph widths. A path with a trailing slash, as pdfjs wants.
 */
const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/**
 * PDF through pdfjs's legacy build (the main build needs a DOM): the text layer of every page,
 * grouped into paragraphs and headings, each block keeping its 1-based page number.
 */
export const readPdf: Reader = async (bytes, context) => {
  const pdf = await openPdf(bytes, context.fileName);
  try {
    if (pdf.numPages > context.limits.maxPages) {
      throw tooLargeError(context.fileName, 'maxPages', pdf.numPages, context.limits.maxPages);
    }
    const lines = await textLines(pdf, context);
    if (lines.length === 0) {
      throw new AppError(
        'no-text-layer',
        `${context.fileName} has no text layer (it is probably scanned images); Quarry cannot read it without OCR.`,
        { pages: pdf.numPages },
      );
    }
    const collector = new BlockCollector(context);
    for (const paragraph of paragraphsOf(withoutRunningLines(lines, pdf.numPages))) {
      if (paragraph.headingLevel === null) collector.add('paragraph', paragraph.text, paragraph.page);
      else collector.add('heading', paragraph.text, paragraph.page, paragraph.headingLevel);
    }
    const title = (await metadataTitle(pdf)) ?? collector.firstHeading();
    return { fileType: 'pdf', title, pages: pdf.numPages, blocks: collector.blocks };
  } finally {
    await pdf.destroy();
  }
};

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
      standardFontDataUrl,
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

async function textLines(pdf: PDFDocumentProxy, context: ReaderContext): Promise<PdfLine[]> {
  const lines: PdfLine[] = [];
  let chars = 0;
  for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber += 1) {
    throwIfCancelled(context);
    for (const line of pageLines(pageNumber, await pageRuns(pdf, pageNumber, context.fileName))) {
      chars += line.text.length + 1;
      lines.push(line);
    }
    if (chars > context.limits.maxChars) {
      throw tooLargeError(context.fileName, 'maxChars', chars, context.limits.maxChars);
    }
  }
  return lines;
}

async function pageRuns(pdf: PDFDocumentProxy, pageNumber: number, fileName: string): Promise<PdfTextRun[]> {
  try {
    const page = await pdf.getPage(pageNumber);
    const content = await page.getTextContent();
    page.cleanup();
    return content.items.filter((item): item is PdfTextRun & (typeof content.items)[number] => 'str' in item);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('corrupt', `${fileName} is damaged: page ${pageNumber} cannot be read (${reason}).`, {
      page: pageNumber,
      reason,
    });
  }
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
