/**
 * Word boundaries for scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer,
 * Burmese). FTS5's unicode61 tokenizer and our term splitter both take a whole run of such letters
 * as one token, so "人工智能" inside a sentence could never be found. ICU's dictionary-based word
 * segmentation (Node's Intl.Segmenter, full ICU) splits those runs into words, and the words are
 * written with spaces between them in the text that is indexed and in queries. Text in other
 * scripts passes through unchanged, so English libraries index exactly as before.
 *
 * An FTS5 `trigram` index beside the main one was the alternative; it was not chosen because a
 * trigram query needs at least three characters, and most Chinese words are two ("智能", "研究").
 */

/** Letters of the scripts that do not separate words with spaces, plus the Japanese marks used inside words. */
const unspacedRun =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc\u3005\u3006]+/gu;
/** A quick test before the full pattern: any character in those blocks. */
const mayHoldUnspaced = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3005\u3006\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Whether the text holds letters of a script written without spaces. */
export function hasUnspacedScript(text: string): boolean {
  return mayHoldUnspaced.test(text);
}

/** The text with spaces put between the words of every unspaced-script run; other text unchanged. */
export function spaceUnspacedWords(text: string): string {
  if (!mayHoldUnspaced.test(text)) return text;
  return text.replace(unspacedRun, (run) => {
    const words: string[] = [];
    for (const piece of segmenter.segment(run)) if (piece.isWordLike === true) words.push(piece.segment);
    return words.length > 0 ? ` ${words.join(' ')} ` : run;
  });
}
