import { Marked } from 'marked';
import { collectHtmlBlocks } from './html-blocks';
import { BlockCollector, type Reader } from './read-context';
import { decodeTextFile } from './text-decode';

// One parser instance with fixed options, so nothing global set elsewhere changes how files read.
const markdown = new Marked({ gfm: true, async: false });

/** YAML front matter ("---" … "---" at the very top); its `title:` is the document's title. */
const frontMatter = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/**
 * Markdown: rendered to HTML by `marked` (CommonMark + GFM tables) and read by the HTML block
 * extraction, so headings, lists, tables, code and inline markup come out the same way as in HTML.
 */
export const readMd: Reader = async (bytes, context) => {
  let source = decodeTextFile(bytes, context.fileName);
  let title: string | null = null;
  const front = frontMatter.exec(source);
  if (front !== null) {
    title = /^title:[ \t]*["']?(.*?)["']?[ \t]*$/m.exec(front[1] ?? '')?.[1] ?? null;
    source = source.slice(front[0].length);
  }
  const collector = new BlockCollector(context);
  collectHtmlBlocks(markdown.parse(source) as string, collector);
  return { fileType: 'md', title: title || collector.firstHeading(), pages: null, blocks: collector.blocks };
};
