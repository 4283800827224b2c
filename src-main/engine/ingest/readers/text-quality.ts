import { AppError } from '../../../../src-shared/errors';
import type { Block, ReadDocument } from '../types';

/** Control characters other than tab, line feed, form feed and carriage return; they carry no text. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose.
const controlCharacter = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g;
/**
 * Above this share of control characters among a document's visible characters, the "text" is
 * binary data or a broken text layer (one PDF of pdf.js's tests extracts as 64% control codes);
 * below it, the few control codes are stray bytes and are removed.
 */
const maxControlShare = 0.25;

/** Share of control characters among the non-space characters of the blocks. */
export function controlShare(blocks: readonly Block[]): number {
  let control = 0;
  let visible = 0;
  for (const block of blocks) {
    control += block.text.match(controlCharacter)?.length ?? 0;
    visible += block.text.replace(/\s+/g, '').length;
  }
  return visible === 0 ? 0 : control / visible;
}

/**
 * Refuses (`binary`) a document whose text is mostly control characters, and removes stray control
 * characters from any other, so neither reaches the index.
 */
export function withoutControlCharacters(doc: ReadDocument, fileName: string): ReadDocument {
  const share = controlShare(doc.blocks);
  if (share === 0) return doc;
  if (share > maxControlShare) {
    throw new AppError(
      'binary',
      `${fileName} holds ${Math.round(share * 100)}% control characters instead of text (binary data or a broken text layer); Quarry does not index it.`,
      { controlShare: share },
    );
  }
  const blocks = doc.blocks
    .map((block) => ({ ...block, text: block.text.replace(controlCharacter, '').trim() }))
    .filter((block) => block.text.length > 0);
  return { ...doc, blocks };
}
