import { describe, expect, it } from 'vitest';
import { hasUnspacedScript, spaceUnspacedWords } from '../../../../src-main/engine/text/segment-words';
import { contentWords, words } from '../../../../src-main/engine/text/terms';

describe('word segmentation of unspaced scripts', () => {
  it('leaves text in spaced scripts exactly as it was', () => {
    for (const text of ['Harbour dues rose 12% in 2024.', 'Grüße aus Köln', 'Привет, мир', 'مرحبا بالعالم', '인공지능 연구']) {
      expect(spaceUnspacedWords(text)).toBe(text);
      expect(hasUnspacedScript(text)).toBe(false);
    }
  });

  it('splits Chinese, Japanese and Thai runs into words, keeping the surrounding text', () => {
    expect(words('我们研究人工智能的应用')).toEqual(['我们', '研究', '人工', '智能', '的', '应用']);
    expect(words('日本語のテキストです')).toEqual(['日本語', 'の', 'テキスト', 'です']);
    expect(words('ภาษาไทยเป็นภาษา')).toEqual(['ภาษา', 'ไทย', 'เป็น', 'ภาษา']);
    expect(words('Model GPT在2024年发布')).toEqual(['model', 'gpt', '在', '2024', '年', '发布']);
  });

  it('segments a query the way it segments the indexed sentence, so the query’s words are found', () => {
    const indexed = new Set(words('本报告讨论了人工智能在港口管理中的应用。'));
    for (const word of words('人工智能')) expect(indexed.has(word)).toBe(true);
  });

  it('keeps single-character CJK words as content words, but not single Latin letters', () => {
    expect(contentWords('书 a 水 b')).toEqual(['书', '水']);
  });
});
