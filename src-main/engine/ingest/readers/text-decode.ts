import { AppError } from '../../../../src-shared/errors';

/** How much of the start of a file is inspected for binary content. */
const sniffBytes = 8192;
/** Share of control characters in that sample above which a file is taken for binary data. */
const maxControlShare = 0.1;

/**
 * Decodes a text file: UTF-8 (with or without BOM) or UTF-16 with a BOM. Binary data gets `binary`,
 * text that is not valid UTF-8 gets `corrupt` with a hint to re-save it, and a file with nothing but
 * whitespace gets `empty`. Line endings come back as "\n".
 */
export function decodeTextFile(bytes: Uint8Array, fileName: string): string {
  const text = decodeBytes(bytes, fileName);
  if (text.trim().length === 0) {
    throw new AppError('empty', `${fileName} is empty (it holds no text).`);
  }
  return text.replace(/\r\n?/g, '\n');
}

function decodeBytes(bytes: Uint8Array, fileName: string): string {
  const first = bytes[0];
  const second = bytes[1];
  if (first === 0xff && second === 0xfe) return decodeStrict('utf-16le', bytes.subarray(2), fileName);
  if (first === 0xfe && second === 0xff) return decodeStrict('utf-16be', bytes.subarray(2), fileName);
  if (looksBinary(bytes)) {
    throw new AppError('binary', `${fileName} looks like binary data, not text; Quarry reads it by its extension, so check the file type.`);
  }
  // TextDecoder drops a UTF-8 byte order mark by default.
  return decodeStrict('utf-8', bytes, fileName);
}

function decodeStrict(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const name = encoding.toUpperCase();
    throw new AppError('corrupt', `${fileName} is not valid ${name} text; open it in an editor and save it again as UTF-8.`, { encoding });
  }
}

/** NUL bytes or many control characters early in the file mean binary data (as git and grep judge). */
function looksBinary(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, sniffBytes);
  let control = 0;
  for (let index = 0; index < length; index += 1) {
    const byte = bytes[index] as number;
    if (byte === 0) return true;
    if ((byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13) || byte === 127) control += 1;
  }
  return length > 0 && control / length > maxControlShare;
}
