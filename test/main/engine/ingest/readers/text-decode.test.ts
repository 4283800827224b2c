import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, declaredEncoding } from '../../../../../src-main/engine/ingest/readers/text-decode';
import { buildShiftJisHtml } from '../../../../fixtures/ingest/build-damaged-documents';
import { blockPairs, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();

/** Sentences long enough for statistical detection, in the language each encoding serves. */
const samples: readonly [string, string][] = [
  ['windows-1252', 'Le café crème de la façade était déjà servi à Noël; la tête de l’élève était pleine de naïveté.'],
  ['windows-1251', 'Привет мир, это тестовый текст на русском языке для проверки определения кодировки файла.'],
  ['Shift_JIS', '日本語のテキストです。文字コードの判定を確認します。人工知能の研究について書かれています。'],
  ['EUC-JP', '日本語のテキストです。文字コードの判定を確認します。人工知能の研究について書かれています。'],
  ['GB18030', '人工智能是计算机科学的一个分支，它企图了解智能的实质，并生产出一种新的能以人类智能相似的方式做出反应的智能机器。'],
  ['Big5', '人工智慧是電腦科學的一個分支，它企圖了解智慧的實質，並生產出一種新的能以人類智慧相似的方式做出反應的智慧機器。'],
  ['EUC-KR', '인공지능은 컴퓨터 과학의 한 분야로서 인간의 학습 능력과 추론 능력을 컴퓨터 프로그램으로 실현한 기술입니다.'],
];

describe('text decoding', () => {
  it.each(samples)('detects and decodes %s text without a declaration', (encoding, text) => {
    const decoded = decodeText(iconv.encode(text, encoding), 'legacy.txt');
    expect(decoded.text).toBe(text);
  });

  it('reads a windows-1252 text file with curly quotes and a euro sign', async () => {
    const text = 'The invoice says “€ 120” — payable to Zoë Brontë’s café before Friday.';
    expect(blockPairs(await read(file('invoice.txt', iconv.encode(text, 'windows-1252'))))).toEqual([['paragraph', text]]);
  });

  it('follows a Shift-JIS page’s <meta charset>, title included', async () => {
    const doc = await read(file('page.html', buildShiftJisHtml('日本語のページ', '人工知能の研究について。')));
    expect(doc.title).toBe('日本語のページ');
    expect(blockPairs(doc)).toEqual([['paragraph', '人工知能の研究について。']]);
  });

  it('reads the charset of <meta http-equiv> and XML declarations, Latin-1 as windows-1252', () => {
    const page = Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>x</p>');
    expect(declaredEncoding(page, 'html')).toBe('windows-1252');
    expect(declaredEncoding(Buffer.from('<?xml version="1.0" encoding="EUC-JP"?><a/>'), 'xml')).toBe('euc-jp');
    expect(declaredEncoding(Buffer.from('<p>no declaration</p>'), 'html')).toBeNull();
  });

  it('detects the real encoding when a page wrongly declares UTF-8', () => {
    const text = 'Привет мир, это тестовый текст на русском языке для проверки определения кодировки.';
    const bytes = Buffer.concat([Buffer.from('<meta charset="utf-8"><p>'), iconv.encode(text, 'windows-1251'), Buffer.from('</p>')]);
    expect(decodeText(bytes, 'wrong.html', 'html')).toMatchObject({ encoding: 'windows-1251' });
    expect(decodeText(bytes, 'wrong.html', 'html').text).toContain(text);
  });

  it('recognises UTF-16 and UTF-32 without a byte order mark, and UTF-32 with one', () => {
    const text = 'Harbour dues, Hafengebühren and droits de port are charged per call.';
    expect(decodeText(Buffer.from(text, 'utf16le'), 'le.txt')).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(Buffer.from(text, 'utf16le').swap16(), 'be.txt')).toEqual({ text, encoding: 'utf-16be' });
    expect(decodeText(iconv.encode(text, 'utf-32le'), 'le32.txt')).toEqual({ text, encoding: 'utf-32le' });
    const marked = Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), iconv.encode(text, 'utf-32be')]);
    expect(decodeText(marked, 'be32.txt')).toEqual({ text, encoding: 'utf-32be' });
  });

  it('keeps UTF-8 first: valid UTF-8 is never re-read as a legacy encoding', () => {
    expect(decodeText(Buffer.from('Grüße aus Köln', 'utf8'), 'de.txt')).toEqual({ text: 'Grüße aus Köln', encoding: 'utf-8' });
  });
});
