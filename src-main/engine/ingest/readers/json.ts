import { AppError } from '../../../../src-shared/errors';
import { BlockCollector, throwIfCancelled, type Reader } from './read-context';
import { scanJson } from './json-scan';
import { decodeTextFile } from './text-decode';

/** Deeper nesting is written out as compact JSON rather than flattened further. */
const maxDepth = 32;

/**
 * Nesting deeper than this is refused (`too-deep`): no real document nests so far, and the
 * flattening and stringifying below recurse per level, so a hostile file would exhaust the stack.
 */
export const maxJsonNesting = 1000;

/**
 * JSON: flattened into readable "key.path: value" lines, one paragraph per top-level element
 * (array item or object member), so each record stays together. Integers above 2^53 keep their
 * digits; a file of several values one after another (concatenated JSON) is read as a sequence.
 */
export const readJson: Reader = async (bytes, context) => {
  const scan = scanJson(decodeTextFile(bytes, context.fileName));
  if (scan.depth > maxJsonNesting) throw tooDeepJson(context.fileName, scan.depth);
  const collector = new BlockCollector(context);
  if (scan.values.length > 1) {
    for (const [index, [start, end]] of scan.values.entries()) {
      if (index % 10_000 === 0) throwIfCancelled(context);
      const value = parseValue(scan.text.slice(start, end), context.fileName, null, index + 1, scan.values.length);
      collector.add('paragraph', flatten(value, '').join('\n'));
    }
  } else {
    const value = parseValue(scan.text, context.fileName, null, null, 1);
    if (Array.isArray(value)) {
      for (const item of value) collector.add('paragraph', flatten(item, '').join('\n'));
    } else if (isRecord(value)) {
      for (const [key, member] of Object.entries(value)) collector.add('paragraph', flatten(member, key).join('\n'));
    } else {
      collector.add('paragraph', flatten(value, '').join('\n'));
    }
  }
  return { fileType: 'json', title: null, pages: null, blocks: collector.blocks };
};

function parseValue(text: string, fileName: string, line: number | null, valueNumber: number | null, valueCount: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const invalid = invalidJson(fileName, error, line);
    if (valueNumber === null) throw invalid;
    throw new AppError(
      'corrupt',
      `${fileName} holds ${valueCount} JSON values one after another (concatenated JSON), and value ${valueNumber} is not valid (${invalid.details?.reason as string}); save one value per line as .jsonl, or wrap them in [ ] separated by commas.`,
      { ...invalid.details, value: valueNumber },
    );
  }
}

function tooDeepJson(fileName: string, depth: number): AppError {
  return new AppError(
    'too-deep',
    `${fileName} nests arrays and objects ${depth.toLocaleString('en-US')} levels deep, more than the ${maxJsonNesting.toLocaleString('en-US')} Quarry reads; it is probably generated or hostile data.`,
    { depth, allowed: maxJsonNesting },
  );
}

/** JSON Lines / NDJSON: one JSON value per line, each line its own paragraph. */
export const readJsonLines: Reader = async (bytes, context) => {
  const text = decodeTextFile(bytes, context.fileName);
  const collector = new BlockCollector(context);
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim().length === 0) continue;
    if (index % 10_000 === 0) throwIfCancelled(context);
    const scan = scanJson(line);
    if (scan.depth > maxJsonNesting) throw tooDeepJson(context.fileName, scan.depth);
    const value = parseValue(scan.text, context.fileName, index + 1, null, 1);
    collector.add('paragraph', flatten(value, '').join('\n'));
  }
  return { fileType: 'json', title: null, pages: null, blocks: collector.blocks };
};

function invalidJson(fileName: string, error: unknown, line: number | null): AppError {
  const reason = error instanceof Error ? error.message : String(error);
  const where = line === null ? '' : ` on line ${line}`;
  return new AppError('corrupt', `${fileName} is not valid JSON${where} (${reason}).`, { reason, line });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a.b[2].c: value" lines for every leaf under `value`; empty objects and arrays are left out. */
function flatten(value: unknown, path: string, depth = 0, lines: string[] = []): string[] {
  if (Array.isArray(value) && depth < maxDepth) {
    for (const [index, item] of value.entries()) flatten(item, `${path}[${index}]`, depth + 1, lines);
  } else if (isRecord(value) && depth < maxDepth) {
    for (const [key, member] of Object.entries(value)) {
      flatten(member, path.length === 0 ? key : `${path}.${key}`, depth + 1, lines);
    }
  } else {
    const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : JSON.stringify(value);
    if (text.length > 0) lines.push(path.length === 0 ? text : `${path}: ${text}`);
  }
  return lines;
}
