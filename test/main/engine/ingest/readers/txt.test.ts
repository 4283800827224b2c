import { describe, expect, it } from 'vitest';
import { blockPairs, expectReadError, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();

describe('txt reader', () => {
  it('splits paragraphs on blank lines and keeps line breaks inside them', async () => {
    const path = file('notes.txt', 'First line\nsame paragraph\n\n  \nSecond paragraph.\r\n\r\nThird.\n');
    const doc = await read(path);
    expect(doc.fileType).toBe('txt');
    expect(blockPairs(doc)).toEqual([
      ['paragraph', 'First line\nsame paragraph'],
      ['paragraph', 'Second paragraph.'],
      ['paragraph', 'Third.'],
    ]);
    expect(doc.blocks.every((block) => block.page === null)).toBe(true);
  });

  it('reads .log and .text files as text', async () => {
    expect((await read(file('server.log', 'started\n'))).fileType).toBe('txt');
    expect((await read(file('readme.text', 'hello'))).blocks[0]?.text).toBe('hello');
  });

  it('drops a UTF-8 byte order mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Café au lait', 'utf8')]);
    expect(blockPairs(await read(file('bom.txt', bytes)))).toEqual([['paragraph', 'Café au lait']]);
  });

  it('decodes UTF-16 little- and big-endian files with a byte order mark', async () => {
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße\n\nzweiter Absatz', 'utf16le')]);
    expect(blockPairs(await read(file('le.txt', little)))).toEqual([
      ['paragraph', 'Grüße'],
      ['paragraph', 'zweiter Absatz'],
    ]);
    const big = Buffer.from(Buffer.from('\ufeffNaïve résumé', 'utf16le')).swap16();
    expect(blockPairs(await read(file('be.txt', big)))).toEqual([['paragraph', 'Naïve résumé']]);
  });

  it('refuses binary noise named .txt', async () => {
    const noise = Buffer.alloc(4096);
    for (let index = 0; index < noise.length; index += 1) noise[index] = (index * 7919 + 13) % 256;
    const error = await expectReadError(file('photo.txt', noise), 'binary');
    expect(error.message).toMatch(/binary/);
  });

  it('refuses text full of control characters even without NUL bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 600 }, (_, index) => (index % 3 === 0 ? 0x01 : 0x41)));
    await expectReadError(file('control.txt', bytes), 'binary');
  });

  it('reads a short Latin-1 text too short to detect as windows-1252', async () => {
    const latin1 = Buffer.from('Caf\xe9 cr\xe8me', 'latin1');
    expect(blockPairs(await read(file('latin1.txt', latin1)))).toEqual([['paragraph', 'Café crème']]);
  });

  it('reports empty and whitespace-only files as empty', async () => {
    await expectReadError(file('nothing.txt', ''), 'empty');
    await expectReadError(file('blank.txt', ' \n\t\n  \r\n'), 'empty');
  });

  it('enforces maxChars with a message naming the limit', async () => {
    const error = await expectReadError(file('long.txt', 'word '.repeat(400)), 'too-large', { maxChars: 1000 });
    expect(error.message).toContain('maxChars');
    expect(error.details).toMatchObject({ limit: 'maxChars', allowed: 1000 });
  });
});
