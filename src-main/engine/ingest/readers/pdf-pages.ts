import { OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pageLines, type PdfLine, type PdfTextRun } from './pdf-layout';

/** What one page of a PDF gave: its lines, or why it could not be read. */
export type PdfPageText =
  | {
      readonly page: number;
      readonly ok: true;
      readonly lines: readonly PdfLine[];
      /** Filled form fields and annotation notes, which are not part of the page's text layer. */
      readonly extras: readonly string[];
      /** The page has no text but paints images: it is scanned, and OCR could read it. */
      readonly needsOcr: boolean;
    }
  | { readonly page: number; readonly ok: false; readonly reason: string };

/** Operators that paint a raster image: a page with these and no text is a scan. */
const imageOperators = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintInlineImageXObjectGroup,
  OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObject,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintImageMaskXObjectRepeat,
]);

/**
 * Reads one page. A page pdf.js cannot parse is reported with its reason instead of throwing, so
 * the rest of the document is still read. Annotations are optional: a page whose annotations are
 * broken still gives its text.
 */
export async function readPdfPage(pdf: PDFDocumentProxy, pageNumber: number): Promise<PdfPageText> {
  let page: PDFPageProxy;
  let lines: PdfLine[];
  try {
    page = await pdf.getPage(pageNumber);
    const content = await page.getTextContent();
    const runs = content.items.filter((item): item is PdfTextRun & (typeof content.items)[number] => 'str' in item);
    lines = pageLines(pageNumber, runs);
  } catch (error) {
    return { page: pageNumber, ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const extras = await annotationTexts(page);
  const needsOcr = lines.length === 0 && (await paintsImages(page));
  page.cleanup();
  return { page: pageNumber, ok: true, lines, extras, needsOcr };
}

interface AnnotationFields {
  readonly subtype?: string;
  readonly fieldType?: string;
  readonly fieldName?: string;
  readonly fieldValue?: unknown;
  readonly alternativeText?: string;
  readonly contentsObj?: { readonly str?: string };
}

/**
 * Values of filled text and choice fields ("Name: Ada Lovelace", labelled by the field's tooltip or
 * name) and the text of notes, free-text and markup annotations. Link and widget appearances hold
 * no text of their own; checkboxes and buttons say nothing useful out of context.
 */
export async function annotationTexts(page: PDFPageProxy): Promise<string[]> {
  let annotations: AnnotationFields[];
  try {
    annotations = (await page.getAnnotations({ intent: 'display' })) as AnnotationFields[];
  } catch {
    // Broken annotations do not make the page's text unreadable.
    return [];
  }
  const texts: string[] = [];
  for (const annotation of annotations) {
    if (annotation.subtype === 'Widget') {
      const value = fieldValueText(annotation);
      if (value.length > 0) texts.push(`${fieldLabel(annotation)}: ${value}`);
    } else {
      const contents = annotation.contentsObj?.str?.trim() ?? '';
      if (contents.length > 0) texts.push(contents);
    }
  }
  return texts;
}

function fieldValueText(annotation: AnnotationFields): string {
  if (annotation.fieldType !== 'Tx' && annotation.fieldType !== 'Ch') return '';
  const value = annotation.fieldValue;
  const parts = Array.isArray(value) ? value : [value];
  return parts
    .filter((part): part is string => typeof part === 'string')
    .join(', ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The tooltip a form shows for the field, else the last part of its name ("form[0].Name[0]" → "Name"). */
function fieldLabel(annotation: AnnotationFields): string {
  const tooltip = annotation.alternativeText?.trim() ?? '';
  if (tooltip.length > 0) return tooltip;
  const name = (annotation.fieldName ?? '').split('.').pop() ?? '';
  const label = name.replace(/\[\d+\]$/, '').trim();
  return label.length > 0 ? label : 'Field';
}

async function paintsImages(page: PDFPageProxy): Promise<boolean> {
  try {
    const operators = await page.getOperatorList();
    return operators.fnArray.some((operator) => imageOperators.has(operator));
  } catch {
    return false;
  }
}
