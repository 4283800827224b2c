import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src-shared/errors';
import { fileTypeOf, supportedExtensions } from '../../../../../src-main/engine/ingest/readers/index';
import { expectReadError, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();

describe('fileTypeOf', () => {
  it('maps every supported extension, case-insensitively, and nothing else', () => {
    expect(
      ['a.txt', 'b.TEXT', 'c.log', 'd.md', 'e.Markdown', 'f.html', 'g.HTM', 'h.pdf', 'i.docx', 'j.csv', 'k.tsv'].map(fileTypeOf),
    ).toEqual(['txt', 'txt', 'txt', 'md', 'md', 'html', 'html', 'pdf', 'docx', 'csv', 'csv']);
    expect(['l.json', 'm.jsonl', 'n.ndjson'].map(fileTypeOf)).toEqual(['json', 'json', 'json']);
    expect(['photo.png', 'archive.zip', 'Makefile', 'old.doc'].map(fileTypeOf)).toEqual([null, null, null, null]);
    expect(supportedExtensions).toContain('.pdf');
    expect(supportedExtensions.every((extension) => fileTypeOf(`x${extension}`) !== null)).toBe(true);
  });
});

describe('readDocument', () => {
  it('refuses an unsupported extension and lists what it reads', async () => {
    const error = await expectReadError(file('photo.png', 'png?'), 'unsupported-file');
    expect(error.message).toContain('.docx');
  });

  it('reports a missing file as not found and a folder as unsupported', async () => {
    await expectReadError('/nonexistent/quarry/missing.txt', 'not-found');
    const folder = file('keep.txt', 'x').replace('keep.txt', 'folder.md');
    mkdirSync(folder);
    await expectReadError(folder, 'unsupported-file');
  });

  it('checks the size limit before reading, with the limit and the setting in the message', async () => {
    const path = file('big.txt', 'x'.repeat(3000));
    const error = await expectReadError(path, 'too-large', { maxFileBytes: 2048 });
    expect(error.message).toBe(
      'big.txt has 2.9 KB, over the limit of 2.0 KB per file; raise "maxFileBytes" in the ingestion limits to read it.',
    );
    expect((await read(path, { maxFileBytes: 3000 })).blocks).toHaveLength(1);
  });

  it('reports a zero-byte file as empty for every format', async () => {
    for (const name of ['a.pdf', 'b.docx', 'c.csv', 'd.json']) await expectReadError(file(name, ''), 'empty');
  });

  it('stops with cancelled when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await read(file('notes.txt', 'hello'), {}, controller.signal).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('cancelled');
  });
});
