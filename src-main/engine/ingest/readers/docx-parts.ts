/**
 * The parts of a Word document mammoth does not convert: headers, footers and comments. They are
 * read from the zip with yauzl (the archive was already checked by the zip guard, and yauzl checks
 * every entry's real size against the declared one while inflating) and parsed with fast-xml-parser.
 * Walking WordprocessingML paragraphs to plain text is the only hand-written part.
 */
import { XMLParser } from 'fast-xml-parser';
import yauzl from 'yauzl';
import { AppError } from '../../../../src-shared/errors';
import type { ZipLimits } from './zip-guard';

/** Text found outside the document body, ready to index. */
export interface DocxExtraText {
  readonly headers: readonly string[];
  readonly footers: readonly string[];
  /** "Comment by Ada: text", one per comment. */
  readonly comments: readonly string[];
}

const headerPart = /^word\/header\d*\.xml$/;
const footerPart = /^word\/footer\d*\.xml$/;
const commentsPart = 'word/comments.xml';

/** Headers, footers (each distinct text once) and comments of a .docx. */
export async function readDocxExtras(bytes: Uint8Array, fileName: string, limits: ZipLimits): Promise<DocxExtraText> {
  const wanted = (name: string): boolean => headerPart.test(name) || footerPart.test(name) || name === commentsPart;
  const parts = await readZipEntries(bytes, fileName, wanted, limits.maxUncompressedBytes);
  const distinct = (pattern: RegExp): string[] => {
    const texts = [...parts.entries()]
      .filter(([name]) => pattern.test(name))
      .sort(([left], [right]) => left.localeCompare(right, 'en', { numeric: true }))
      .map(([, xml]) => paragraphsOf(parseXml(xml)).join('\n'))
      .filter((text) => text.length > 0);
    return [...new Set(texts)];
  };
  const commentsXml = parts.get(commentsPart);
  return {
    headers: distinct(headerPart),
    footers: distinct(footerPart),
    comments: commentsXml === undefined ? [] : commentTexts(parseXml(commentsXml)),
  };
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  processEntities: true,
  parseTagValue: false,
});

function parseXml(xml: string): XmlNode[] {
  return parser.parse(xml) as XmlNode[];
}

/** The element name of a preserve-order node (its one key other than ":@"). */
function tagOf(node: XmlNode): string | null {
  return Object.keys(node).find((key) => key !== ':@') ?? null;
}

function childrenOf(node: XmlNode, tag: string): XmlNode[] {
  const children = node[tag];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

/** Plain text of every w:p under the nodes, one string per non-empty paragraph, in order. */
function paragraphsOf(nodes: readonly XmlNode[]): string[] {
  const paragraphs: string[] = [];
  // An explicit stack: a header can nest tables inside text boxes deeply enough to matter.
  const stack: XmlNode[] = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as XmlNode;
    const tag = tagOf(node);
    if (tag === null) continue;
    if (tag === 'w:p') {
      const text = runText(childrenOf(node, tag)).replace(/\s+/g, ' ').trim();
      if (text.length > 0) paragraphs.push(text);
    } else {
      stack.push(...[...childrenOf(node, tag)].reverse());
    }
  }
  return paragraphs;
}

/** Text of a paragraph's runs: w:t text, tabs and breaks as spaces; field codes (w:instrText) left out. */
function runText(nodes: readonly XmlNode[]): string {
  const parts: string[] = [];
  const stack: XmlNode[] = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as XmlNode;
    const tag = tagOf(node);
    if (tag === null) continue;
    if (tag === '#text') parts.push(String(node[tag]));
    else if (tag === 'w:tab' || tag === 'w:br' || tag === 'w:cr') parts.push(' ');
    else if (tag !== 'w:instrText' && tag !== 'w:delText') stack.push(...[...childrenOf(node, tag)].reverse());
  }
  return parts.join('');
}

function commentTexts(nodes: readonly XmlNode[]): string[] {
  const root = nodes.find((node) => tagOf(node) === 'w:comments');
  if (root === undefined) return [];
  const comments: string[] = [];
  for (const comment of childrenOf(root, 'w:comments')) {
    if (tagOf(comment) !== 'w:comment') continue;
    const text = paragraphsOf(childrenOf(comment, 'w:comment')).join(' ');
    if (text.length === 0) continue;
    const author = String((comment[':@'] as Record<string, unknown> | undefined)?.['w:author'] ?? '').trim();
    comments.push(author.length > 0 ? `Comment by ${author}: ${text}` : `Comment: ${text}`);
  }
  return comments;
}

/** Inflates the entries whose names match, as UTF-8 text, stopping at `maxBytes` in total. */
function readZipEntries(
  bytes: Uint8Array,
  fileName: string,
  wanted: (name: string) => boolean,
  maxBytes: number,
): Promise<Map<string, string>> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError !== null || zip === undefined) return reject(partError(fileName, openError));
      const texts = new Map<string, string>();
      let total = 0;
      const fail = (error: unknown): void => {
        zip.close();
        reject(error instanceof AppError ? error : partError(fileName, error));
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!wanted(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError !== null || stream === undefined) return fail(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > maxBytes) stream.destroy(new AppError('too-large', `${fileName} unpacks to more than Quarry accepts.`));
            else chunks.push(chunk);
          });
          stream.on('error', fail);
          stream.on('end', () => {
            texts.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(texts));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

function partError(fileName: string, error: unknown): AppError {
  const reason = error instanceof Error ? error.message : 'unreadable archive';
  return new AppError('corrupt', `${fileName} could not be read as a Word document (${reason}).`, { reason });
}
