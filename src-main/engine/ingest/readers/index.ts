import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import type { FileType } from '../../../../src-shared/schemas/library';
import type { ReadDocument, ReadLimits } from '../types';
import { cancelledError, throwIfCancelled, tooLargeError, type Reader, type ReaderContext } from './read-context';
import { withoutControlCharacters } from './text-quality';

interface Format {
  readonly fileType: FileType;
  /** Loads the reader on first use: pdfjs, mammoth and marked take seconds to import, and most commands never read a file. */
  readonly load: () => Promise<Reader>;
}

const txt = async () => (await import('./txt')).readTxt;
const md = async () => (await import('./md')).readMd;
const html = async () => (await import('./html')).readHtml;
const jsonLines = async () => (await import('./json')).readJsonLines;

const formats: Readonly<Record<string, Format>> = {
  '.txt': { fileType: 'txt', load: txt },
  '.text': { fileType: 'txt', load: txt },
  '.log': { fileType: 'txt', load: txt },
  '.md': { fileType: 'md', load: md },
  '.markdown': { fileType: 'md', load: md },
  '.html': { fileType: 'html', load: html },
  '.htm': { fileType: 'html', load: html },
  '.pdf': { fileType: 'pdf', load: async () => (await import('./pdf')).readPdf },
  '.docx': { fileType: 'docx', load: async () => (await import('./docx')).readDocx },
  '.csv': { fileType: 'csv', load: async () => (await import('./csv')).csvReader('auto') },
  '.tsv': { fileType: 'csv', load: async () => (await import('./csv')).csvReader('\t') },
  '.json': { fileType: 'json', load: async () => (await import('./json')).readJson },
  '.jsonl': { fileType: 'json', load: jsonLines },
  '.ndjson': { fileType: 'json', load: jsonLines },
};

/** File extensions Quarry reads, lower-case with the dot (".pdf"). */
export const supportedExtensions: readonly string[] = Object.keys(formats);

/** The file type Quarry reads a path as, by its extension; null when it does not read it. */
export function fileTypeOf(path: string): FileType | null {
  return formats[extname(path).toLowerCase()]?.fileType ?? null;
}

/**
 * Reads one file into blocks. Checks its size before reading a byte, then hands it to the reader
 * for its extension. Every failure a person can act on is an AppError naming the file: unsupported
 * type, not found, too large (and which limit), encrypted, corrupt, empty, binary (also text that is
 * mostly control characters), no text layer, too deep.
 */
export async function readDocument(path: string, limits: ReadLimits, signal?: AbortSignal): Promise<ReadDocument> {
  const fileName = basename(path);
  const format = formats[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new AppError('unsupported-file', `${fileName} is not a file type Quarry reads; it reads ${supportedExtensions.join(' ')}.`);
  }
  const context: ReaderContext = { fileName, limits, signal };
  throwIfCancelled(context);
  const size = await fileSize(path, fileName);
  if (size > limits.maxFileBytes) throw tooLargeError(fileName, 'maxFileBytes', size, limits.maxFileBytes);
  if (size === 0) throw new AppError('empty', `${fileName} is empty (0 bytes).`);
  const bytes = await readBytes(path, context);
  const read = await format.load();
  const doc = withoutControlCharacters(await read(bytes, context), fileName);
  throwIfCancelled(context);
  if (doc.blocks.length === 0) throw new AppError('empty', `${fileName} holds no readable text.`);
  return doc;
}

async function fileSize(path: string, fileName: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AppError('unsupported-file', `${fileName} is not a regular file.`);
    return info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileSystemError(error, fileName);
  }
}

async function readBytes(path: string, context: ReaderContext): Promise<Uint8Array> {
  try {
    return await readFile(path, context.signal === undefined ? {} : { signal: context.signal });
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw cancelledError(context.fileName);
    throw fileSystemError(error, context.fileName);
  }
}

function fileSystemError(error: unknown, fileName: string): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new AppError('not-found', `${fileName} does not exist (it may have been moved or deleted).`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError('not-found', `${fileName} cannot be opened: permission denied.`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
