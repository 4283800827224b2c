import { AppError } from '../../../../src-shared/errors';
import { BlockCollector, throwIfCancelled, type Reader } from './read-context';
import { decodeTextFile } from './text-decode';

/** Deeper nesting is written out as compact JSON rather than flattened further. */
const maxDepth = 32;

/**
 * JSON: flattened into readable "key.path: value" lines, one paragraph per top-level element
 * (array item or object member), so each record stays together.
 */
export const readJson: Reader = async (bytes, context) => {
  const text = decodeTextFile(bytes, context.fileName);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidJson(context.fileName, error, null);
  }
  const collector = new BlockCollector(context);
  if (Array.isArray(value)) {
    for (const item of value) collector.add('paragraph', flatten(item, '').join('\n'));
  } else if (isRecord(value)) {
    for (const [key, member] of Object.entries(value)) collector.add('paragraph', flatten(member, key).join('\n'));
  } else {
    collector.add('paragraph', flatten(value, '').join('\n'));
  }
  return { fileType: 'json', title: null, pages: null, blocks: collector.blocks };
};

/** JSON Lines / NDJSON: one JSON value per line, each line its own paragraph. */
export const readJsonLines: Reader = async (bytes, context) => {
  const text = decodeTextFile(bytes, context.fileName);
  const collector = new BlockCollector(context);
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim().length === 0) continue;
    if (index % 10_000 === 0) throwIfCancelled(context);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw invalidJson(context.fileName, error, index + 1);
    }
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
