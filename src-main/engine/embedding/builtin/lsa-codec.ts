import { AppError } from '../../../../src-shared/errors';
import type { LsaModel } from './lsa-model';

const magic = 'quarry-lsa';
const formatVersion = 1;

interface Header {
  readonly magic: string;
  readonly version: number;
  readonly dimensions: number;
  readonly termCount: number;
  readonly termsBytes: number;
}

/** Serializes a model for the `embedders.model` BLOB: a JSON header, the vocabulary, then float32 arrays. */
export function encodeLsaModel(model: LsaModel): Buffer {
  const terms = Buffer.from(model.terms.join('\n'), 'utf8');
  const header: Header = {
    magic,
    version: formatVersion,
    dimensions: model.dimensions,
    termCount: model.terms.length,
    termsBytes: terms.length,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const padding = Buffer.alloc((4 - ((4 + headerBytes.length + terms.length) % 4)) % 4);
  return Buffer.concat([length, headerBytes, terms, padding, floats(model.idf), floats(model.mean), floats(model.projection)]);
}

/** Reads a model written by encodeLsaModel; a damaged BLOB is a `corrupt` error, not a crash later. */
export function decodeLsaModel(blob: Buffer): LsaModel {
  try {
    const headerLength = blob.readUInt32LE(0);
    const header = JSON.parse(blob.subarray(4, 4 + headerLength).toString('utf8')) as Header;
    if (header.magic !== magic || header.version !== formatVersion) throw new Error(`unknown format ${header.magic} ${header.version}`);
    let offset = 4 + headerLength;
    const terms =
      header.termCount === 0
        ? []
        : blob
            .subarray(offset, offset + header.termsBytes)
            .toString('utf8')
            .split('\n');
    offset += header.termsBytes;
    offset += (4 - (offset % 4)) % 4;
    const take = (count: number): Float32Array => {
      const bytes = blob.subarray(offset, offset + count * 4);
      if (bytes.length !== count * 4) throw new Error('truncated');
      offset += count * 4;
      // Copy into an aligned buffer: a BLOB from SQLite may start at any byte offset.
      return new Float32Array(Uint8Array.from(bytes).buffer);
    };
    const idf = take(header.termCount);
    const mean = take(header.dimensions);
    const projection = take(header.termCount * header.dimensions);
    if (terms.length !== header.termCount) throw new Error('vocabulary size mismatch');
    return { dimensions: header.dimensions, terms, idf, mean, projection };
  } catch (error) {
    throw new AppError('corrupt', 'The built-in embedder model stored in the library is damaged.', { cause: String(error) });
  }
}

function floats(array: Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}
