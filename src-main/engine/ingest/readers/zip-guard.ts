import yauzl from 'yauzl';
import { AppError } from '../../../../src-shared/errors';
import { formatBytes } from './read-context';

/** What a zip's central directory declares, read without inflating anything. */
export interface ZipListing {
  readonly names: ReadonlySet<string>;
  readonly entryCount: number;
  readonly uncompressedBytes: number;
}

export interface ZipLimits {
  readonly maxUncompressedBytes: number;
  readonly maxEntries: number;
}

/**
 * Reads a zip's central directory and refuses it (`too-large`) when its entries declare more
 * uncompressed bytes or more entries than allowed — a zip bomb is caught before any inflating.
 * Not a zip at all is `corrupt`.
 */
export async function inspectZip(bytes: Uint8Array, fileName: string, limits: ZipLimits): Promise<ZipListing> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (error, file) => {
      if (error !== null || file === undefined) reject(notZipError(fileName, error));
      else resolve(file);
    });
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new AppError(
      'too-large',
      `${fileName} holds ${zip.entryCount.toLocaleString('en-US')} files inside, more than the ${limits.maxEntries.toLocaleString('en-US')} Quarry accepts.`,
      { entries: zip.entryCount },
    );
  }
  return new Promise<ZipListing>((resolve, reject) => {
    const names = new Set<string>();
    let uncompressedBytes = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      names.add(entry.fileName);
      uncompressedBytes += entry.uncompressedSize;
      if (uncompressedBytes > limits.maxUncompressedBytes) {
        zip.close();
        reject(
          new AppError(
            'too-large',
            `${fileName} unpacks to more than ${formatBytes(limits.maxUncompressedBytes)}, which Quarry refuses as a possible zip bomb; raise "maxChars" in the ingestion limits if the file is genuine.`,
            { uncompressedBytes },
          ),
        );
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve({ names, entryCount: zip.entryCount, uncompressedBytes }));
    zip.on('error', (error: unknown) => reject(notZipError(fileName, error)));
    zip.readEntry();
  });
}

function notZipError(fileName: string, error: unknown): AppError {
  const reason = error instanceof Error ? error.message : 'unreadable archive';
  return new AppError('corrupt', `${fileName} is not a valid Word document: its zip container is damaged (${reason}).`, {
    reason,
  });
}
