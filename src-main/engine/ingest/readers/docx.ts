import mammoth from 'mammoth';
import { AppError } from '../../../../src-shared/errors';
import { collectHtmlBlocks } from './html-blocks';
import { BlockCollector, throwIfCancelled, type Reader, type ReaderContext } from './read-context';
import { readDocxExtras } from './docx-parts';
import { inspectZip, type ZipLimits } from './zip-guard';

/** Magic number of OLE compound files: password-protected .docx files and old .doc files. */
const compoundFileMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * How much a .docx may unpack to: 20 bytes of XML per allowed character of text, between 16 MB and
 * 512 MB, and at most 10,000 parts. Real documents sit far below; zip bombs far above.
 */
export function docxZipLimits(context: ReaderContext): ZipLimits {
  const megabyte = 1024 * 1024;
  const bytes = Math.min(512 * megabyte, Math.max(16 * megabyte, context.limits.maxChars * 20));
  return { maxUncompressedBytes: bytes, maxEntries: 10_000 };
}

/**
 * Word documents: the zip is checked first (zip bombs, not a docx), then mammoth converts the
 * document to HTML, which the HTML block extraction reads so headings, lists and tables survive.
 * Headers, footers and comments, which mammoth leaves out, follow the body as their own paragraphs.
 */
export const readDocx: Reader = async (bytes, context) => {
  const { fileName } = context;
  if (compoundFileMagic.every((byte, index) => bytes[index] === byte)) throw compoundFileError(bytes, fileName);
  const listing = await inspectZip(bytes, fileName, docxZipLimits(context));
  if (!listing.names.has('word/document.xml')) {
    throw new AppError('corrupt', `${fileName} is a zip archive but not a Word document (it has no word/document.xml).`);
  }
  throwIfCancelled(context);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images carry no text; skipping them avoids inflating and base64-encoding every picture.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), externalFileAccess: false },
    );
    html = result.value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('corrupt', `${fileName} could not be read as a Word document (${reason}).`, { reason });
  }
  throwIfCancelled(context);
  const extras = await readDocxExtras(bytes, fileName, docxZipLimits(context));
  const collector = new BlockCollector(context);
  collectHtmlBlocks(withoutBackLinks(html), collector);
  for (const header of extras.headers) collector.add('paragraph', `Header: ${header}`);
  for (const footer of extras.footers) collector.add('paragraph', `Footer: ${footer}`);
  for (const comment of extras.comments) collector.add('paragraph', comment);
  return { fileType: 'docx', title: collector.firstHeading(), pages: null, blocks: collector.blocks };
};

/** mammoth ends each footnote and endnote with a "↑" link back to its reference; it is not text. */
function withoutBackLinks(html: string): string {
  return html.replace(/\s*<a href="#(?:footnote|endnote|comment)-ref-[^"]*">↑<\/a>/g, '');
}

/** Office stores password-protected documents in a compound file with an "EncryptionInfo" stream. */
function compoundFileError(bytes: Uint8Array, fileName: string): AppError {
  const marker = Buffer.from('EncryptionInfo', 'utf16le');
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(marker)) {
    return new AppError('encrypted', `${fileName} is password-protected; Quarry cannot read encrypted Word documents.`);
  }
  return new AppError(
    'unsupported-file',
    `${fileName} is an old-format Word file (.doc) with a .docx name; open it in Word and save it as .docx.`,
  );
}
