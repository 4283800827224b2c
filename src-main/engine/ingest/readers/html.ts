import { collectHtmlBlocks } from './html-blocks';
import { BlockCollector, type Reader } from './read-context';
import { decodeTextFile } from './text-decode';

/** HTML pages: title, headings, paragraphs, list items, table rows, preformatted text. */
export const readHtml: Reader = async (bytes, context) => {
  const html = decodeTextFile(bytes, context.fileName, 'html');
  const collector = new BlockCollector(context);
  const title = collectHtmlBlocks(html, collector);
  return { fileType: 'html', title: title ?? collector.firstHeading(), pages: null, blocks: collector.blocks };
};
