import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import type { FileType } from '../../../../src-shared/schemas/library';
import type { ReadDocument, ReadLimits } from '../types';
import { csvReader } from './csv';
import { readDocx } from './docx';
import { readHtml } from './html';
import { readJson, readJsonLines } from './json';
import { readMd } from './md';
import { readPdf } from './pdf';
import { cancelledError, throwIfCancelled, tooLargeError, type Reader, type ReaderContext } from './read-context';
import { readTxt } from './txt';

interface Format {
  readonly fileType: FileType;
  readonly read: Reader;
}

const formats: Readonly<Record<string, Format>> = {
  '.txt': { fileType: 'txt', read: readTxt },
  '.text': { fileType: 'txt', read: readTxt },
  '.log': { fileType: 'txt', read: readTxt },
  '.md': { fileType: 'md', read: readMd },
  '.markdown': { fileType: 'md', read: readMd },
  '.html': { fileType: 'html', read: readHtml },
  '.htm': { fileType: 'html', read: readHtml },
  '.pdf': { fileType: 'pdf', read: readPdf },
  '.docx': { fileType: 'docx', read: readDocx },
  '.csv': { fileType: 'csv', read: csvReader('auto') },
  '.tsv': { fileType: 'csv', read: csvReader('\t') },
  '.json': { fileType: 'json', read: readJson },
  '.jsonl': { fileType: 'json', read: readJsonLines },
  '.ndjson': { fileType: 'json', read: readJsonLines },
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
 * type, not found, too large (and which limit), encrypted, corrupt, empty, binary, no text layer.
 */
export async function readDocument(path: string, limits: ReadLimits, signal?: AbortSignal): Promise<ReadDocument> {
  const fileName = basename(path);
  const format = formats[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new AppError(
      'unsupported-file',
      `${fileName} is not a file type Quarry reads; it reads ${supportedExtensions.join(' ')}.`,
    );
  }
  const context: ReaderContext = { fileName, limits, signal };
  throwIfCancelled(context);
  const size = await fileSize(path, fileName);
  if (size > limits.maxFileBytes) throw tooLargeError(fileName, 'maxFileBytes', size, limits.maxFileBytes);
  if (size === 0) throw new AppError('empty', `${fileName} is empty (0 bytes).`);
  const bytes = await readBytes(path, context);
  const doc = await format.read(bytes, context);
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
