/**
 * Encoding evaluation on a folder laid out as <encoding>[-language]/<file> (the layout of the
 * Python chardet project's tests/): each file is decoded the way Quarry reads text files (HTML and
 * XML files with their declared charset) and compared with decoding by the folder's encoding.
 * Prints per encoding: files, decoded exactly, refused (by error code). Figures, not pass/fail.
 *
 *   npx tsx test/eval/encodings.ts <folder> [--json]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeTextFile } from '../../src-main/engine/ingest/readers/text-decode';
import { AppError } from '../../src-shared/errors';

const folder = process.argv[2];
if (folder === undefined) {
  console.error('usage: npx tsx test/eval/encodings.ts <folder> [--json]');
  process.exit(2);
}

/** The encoding a folder name stands for ("windows-1251-russian" → "windows-1251"); null when iconv-lite lacks it. */
function folderEncoding(name: string): string | null {
  const candidates = [name, name.split('-').slice(0, -1).join('-'), name.split('-').slice(0, 3).join('-')];
  const found = candidates.find((candidate) => candidate.length > 0 && iconv.encodingExists(candidate));
  return found ?? null;
}

/** Both texts with line endings, a BOM and surrounding space normalised, for comparison. */
function normalise(text: string): string {
  return text
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .trim();
}

interface Row {
  encoding: string;
  files: number;
  exact: number;
  wrong: number;
  refused: Record<string, number>;
}

const rows: Row[] = [];
for (const name of readdirSync(folder).sort()) {
  const encoding = folderEncoding(name);
  if (encoding === null) continue;
  const row: Row = { encoding: name, files: 0, exact: 0, wrong: 0, refused: {} };
  for (const file of readdirSync(join(folder, name)).sort()) {
    const bytes = readFileSync(join(folder, name, file));
    const expected = normalise(iconv.decode(bytes, encoding));
    const type = extname(file).toLowerCase();
    const declared = type === '.html' || type === '.htm' ? 'html' : type === '.xml' ? 'xml' : 'none';
    row.files += 1;
    try {
      const decoded = normalise(decodeTextFile(bytes, file, declared));
      if (decoded === expected) row.exact += 1;
      else row.wrong += 1;
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal';
      row.refused[code] = (row.refused[code] ?? 0) + 1;
    }
  }
  rows.push(row);
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const total = rows.reduce((sum, row) => ({ files: sum.files + row.files, exact: sum.exact + row.exact }), { files: 0, exact: 0 });
  console.log('| folder | files | decoded exactly | decoded differently | refused |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) {
    const refused =
      Object.entries(row.refused)
        .map(([code, count]) => `${code} ${count}`)
        .join(', ') || '—';
    console.log(`| ${row.encoding} | ${row.files} | ${row.exact} | ${row.wrong} | ${refused} |`);
  }
  console.log(`| all | ${total.files} | ${total.exact} (${((100 * total.exact) / Math.max(1, total.files)).toFixed(0)}%) | | |`);
}
