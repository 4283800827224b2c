import { BlockCollector, type Reader } from './read-context';
import { decodeTextFile } from './text-decode';

/** Plain text: paragraphs are separated by blank lines; line breaks inside a paragraph are kept. */
export const readTxt: Reader = async (bytes, context) => {
  const text = decodeTextFile(bytes, context.fileName);
  const collector = new BlockCollector(context);
  for (const paragraph of text.split(/\n[ \t]*\n/)) collector.add('paragraph', paragraph);
  return { fileType: 'txt', title: null, pages: null, blocks: collector.blocks };
};
