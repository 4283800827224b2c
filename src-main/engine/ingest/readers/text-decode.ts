import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AppError } from '../../../../src-shared/errors';

/** How much of the start of a file is inspected for binary content. */
const sniffBytes = 8192;
/** Share of control characters in that sample above which a file is taken for binary data. */
const maxControlShare = 0.1;
/** Where a page's `<meta charset>` or an XML declaration must appear (the HTML prescan reads 1024 bytes; some pages put long comments first). */
const declarationBytes = 4096;

/** Which in-file declaration of the encoding a format may carry. */
export type DeclaredCharset = 'html' | 'xml' | 'none';

/** A decoded text and the encoding it was read as. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: string;
}

/**
 * Decodes a text file. The encoding is found in this order: a byte order mark; the file's own
 * declaration (`<meta charset>` for HTML, `<?xml encoding?>` for XML); valid UTF-8; then statistical
 * detection with `chardet`, decoding with `iconv-lite` (windows-125x, ISO-8859-x, Shift-JIS,
 * EUC-JP/KR, GB18030, Big5…). Binary data gets `binary`, bytes no detector can place get `corrupt`
 * with a hint to re-save the file, and a file with nothing but whitespace gets `empty`. Line endings
 * come back as "\n".
 */
export function decodeTextFile(bytes: Uint8Array, fileName: string, declared: DeclaredCharset = 'none'): string {
  return decodeText(bytes, fileName, declared).text;
}

/** decodeTextFile, also saying which encoding was used. */
export function decodeText(bytes: Uint8Array, fileName: string, declared: DeclaredCharset = 'none'): DecodedText {
  const decoded = decodeBytes(bytes, fileName, declared);
  if (decoded.text.trim().length === 0) {
    throw new AppError('empty', `${fileName} is empty (it holds no text).`);
  }
  return { text: decoded.text.replace(/\r\n?/g, '\n'), encoding: decoded.encoding };
}

function decodeBytes(bytes: Uint8Array, fileName: string, declared: DeclaredCharset): DecodedText {
  const bom = byteOrderMark(bytes);
  if (bom !== null) return { text: decodeWith(bom.encoding, bytes.subarray(bom.length)), encoding: bom.encoding };
  const wide = unmarkedUtf16Or32(bytes);
  if (wide !== null) return { text: decodeWith(wide, bytes), encoding: wide };
  if (looksBinary(bytes)) {
    throw new AppError('binary', `${fileName} looks like binary data, not text; Quarry reads it by its extension, so check the file type.`);
  }
  const utf8 = strictUtf8(bytes);
  const label = declared === 'none' ? null : declaredEncoding(bytes, declared);
  // A page that says UTF-8 but is not (a common mistake of old sites) falls through to detection.
  if (label !== null && !(isUtf8Label(label) && utf8 === null)) {
    const encoding = isUtf8Label(label) ? 'utf-8' : label;
    if (encoding === 'utf-8' && utf8 !== null) return { text: utf8, encoding };
    if (canDecode(encoding)) return { text: decodeWith(encoding, bytes), encoding };
  }
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const detected = detectEncoding(bytes);
  if (detected === null) {
    throw new AppError(
      'corrupt',
      `${fileName} is not UTF-8 text and its encoding could not be recognised; open it in an editor and save it again as UTF-8.`,
    );
  }
  return { text: decodeWith(detected, bytes), encoding: detected };
}

function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [first, second, third, fourth] = bytes;
  if (first === 0xef && second === 0xbb && third === 0xbf) return { encoding: 'utf-8', length: 3 };
  // UTF-32's marks first: the little-endian one starts like UTF-16's.
  if (first === 0xff && second === 0xfe && third === 0 && fourth === 0) return { encoding: 'utf-32le', length: 4 };
  if (first === 0 && second === 0 && third === 0xfe && fourth === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (first === 0xff && second === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (first === 0xfe && second === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function isUtf8Label(label: string): boolean {
  return label === 'utf-8' || label === 'utf8' || label === 'unicode-1-1-utf-8';
}

/**
 * The charset a page or XML file declares near its start, lower-cased; as browsers do, Latin-1 and
 * ASCII labels mean windows-1252 (its superset, which is what such pages really hold).
 */
export function declaredEncoding(bytes: Uint8Array, declared: Exclude<DeclaredCharset, 'none'>): string | null {
  // latin1 maps every byte to one character, so ASCII markup is found whatever the encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, declarationBytes)).toString('latin1');
  const pattern =
    declared === 'xml' ? /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i : /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i;
  const match = pattern.exec(head) ?? (declared === 'html' ? /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head) : null);
  const label = match?.[1]?.toLowerCase() ?? null;
  if (label === null) return null;
  if (label === 'iso-8859-1' || label === 'latin1' || label === 'us-ascii' || label === 'ascii') return 'windows-1252';
  return label;
}

/** Bytes windows-1252 leaves undefined: a file holding them is not windows-1252 text. */
const undefinedInWindows1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * chardet's best guess among encodings we can decode. Latin-1 guesses become windows-1252, which
 * only adds characters (curly quotes, dashes) where Latin-1 has unused control codes. A text too
 * short for chardet to judge ("Caf\xe9") is read as windows-1252, as browsers do in Western
 * locales, unless it holds bytes that encoding leaves undefined.
 */
function detectEncoding(bytes: Uint8Array): string | null {
  for (const match of chardet.analyse(bytes.subarray(0, 64 * 1024))) {
    const name = match.name.toLowerCase();
    const encoding = name === 'iso-8859-1' ? 'windows-1252' : name;
    if (match.confidence > 0 && name !== 'ascii' && canDecode(encoding)) return encoding;
  }
  return bytes.some((byte) => undefinedInWindows1252.has(byte)) ? null : 'windows-1252';
}

function canDecode(encoding: string): boolean {
  if (iconv.encodingExists(encoding)) return true;
  try {
    new TextDecoder(encoding);
    return true;
  } catch {
    return false;
  }
}

/** iconv-lite decodes most encodings; Node's ICU TextDecoder covers the rest (ISO-2022-JP). */
function decodeWith(encoding: string, bytes: Uint8Array): string {
  if (iconv.encodingExists(encoding)) return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * UTF-16 or UTF-32 without a byte order mark, recognised by where the zero bytes of mostly-Latin
 * text fall: every second byte (UTF-16) or three of every four (UTF-32), in the same positions
 * throughout a sample. Binary data has zeros too, but not in so regular a pattern.
 */
function unmarkedUtf16Or32(bytes: Uint8Array): string | null {
  const length = Math.min(bytes.length, sniffBytes) & ~3;
  if (length < 8) return null;
  const zeros = [0, 0, 0, 0];
  for (let index = 0; index < length; index += 1) if (bytes[index] === 0) zeros[index % 4] = (zeros[index % 4] ?? 0) + 1;
  const quarter = length / 4;
  const share = zeros.map((count) => count / quarter);
  const [a = 0, b = 0, c = 0, d = 0] = share;
  const mostly = (value: number): boolean => value > 0.9;
  const rarely = (value: number): boolean => value < 0.1;
  if (rarely(a) && mostly(b) && mostly(c) && mostly(d)) return 'utf-32le';
  if (mostly(a) && mostly(b) && mostly(c) && rarely(d)) return 'utf-32be';
  if (rarely(a) && mostly(b) && rarely(c) && mostly(d)) return 'utf-16le';
  if (mostly(a) && rarely(b) && mostly(c) && rarely(d)) return 'utf-16be';
  return null;
}

/** NUL bytes or many control characters early in the file mean binary data (as git and grep judge). */
function looksBinary(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, sniffBytes);
  let control = 0;
  for (let index = 0; index < length; index += 1) {
    const byte = bytes[index] as number;
    if (byte === 0) return true;
    if ((byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13 && byte !== 27) || byte === 127) control += 1;
  }
  return length > 0 && control / length > maxControlShare;
}
