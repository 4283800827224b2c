import { HTMLElement, parse, TextNode, type Node } from 'node-html-parser';
import { AppError } from '../../../../src-shared/errors';
import { withoutRawTextElements } from './html-raw-text';
import { collapseSpace, type BlockCollector } from './read-context';

/** Elements whose content is never document text. */
const droppedTags = new Set([
  'script',
  'style',
  'nav',
  'noscript',
  'template',
  'head',
  'svg',
  'canvas',
  'iframe',
  'object',
  'embed',
  'button',
  'select',
  'option',
  'datalist',
  'textarea',
  'input',
  'map',
  'audio',
  'video',
]);

/** Elements that end the running paragraph; everything else is treated as inline. */
const blockTags = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'blockquote',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'figure',
  'figcaption',
  'address',
  'hr',
  'form',
  'fieldset',
  'legend',
  'details',
  'summary',
  'body',
  'html',
  'caption',
  'center',
  'hgroup',
  'menu',
]);

const headingLevels: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/**
 * Element nesting deeper than this is refused (`too-deep`). Browsers stop nesting at 512 levels
 * (Chromium's parser) and real pages stay far below; walking the tree recurses per level, so a
 * hostile page 20,000 levels deep would exhaust the stack.
 */
export const maxHtmlNesting = 1000;

/** Depth of the element tree, measured without recursion. */
function treeDepth(root: HTMLElement): number {
  let deepest = 0;
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Node, number];
    deepest = Math.max(deepest, depth);
    if (deepest > maxHtmlNesting) return deepest;
    for (const child of node.childNodes) if (child instanceof HTMLElement) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Extracts blocks from HTML: headings with levels, paragraphs, list items, table rows, preformatted
 * code; scripts, styles and navigation are dropped. Returns the document's <title>, if any.
 * Shared by the HTML, Markdown (rendered to HTML first) and DOCX (via mammoth) readers.
 */
export function collectHtmlBlocks(html: string, collector: BlockCollector): string | null {
  // node-html-parser keeps a doctype or XML declaration as a text node; they are never content.
  const markup = withoutRawTextElements(html.replace(/<!doctype[^>]*>|<\?xml[^>]*\?>/gi, ''));
  const root = parse(markup, {
    comment: false,
    lowerCaseTagName: true,
    blockTextElements: { script: true, style: true, noscript: true },
  });
  const depth = treeDepth(root);
  if (depth > maxHtmlNesting) {
    throw new AppError(
      'too-deep',
      `${collector.fileName} nests its elements more than ${maxHtmlNesting.toLocaleString('en-US')} levels deep, deeper than Quarry reads; it is probably generated or hostile markup.`,
      { depth, allowed: maxHtmlNesting },
    );
  }
  const title = root.querySelector('title');
  new HtmlWalker(collector).visit(root);
  const titleText = title === null ? '' : collapseSpace(title.text);
  return titleText.length > 0 ? titleText : null;
}

class HtmlWalker {
  private buffer: string[] = [];
  private kind: 'paragraph' | 'list-item' = 'paragraph';

  constructor(private readonly collector: BlockCollector) {}

  visit(element: HTMLElement): void {
    for (const child of element.childNodes) {
      if (child instanceof TextNode) {
        this.buffer.push(child.text);
        continue;
      }
      if (!(child instanceof HTMLElement)) continue;
      this.visitElement(child, child.tagName.toLowerCase());
    }
  }

  private visitElement(element: HTMLElement, tag: string): void {
    if (droppedTags.has(tag)) return;
    const level = headingLevels[tag];
    if (level !== undefined) {
      this.flush();
      this.collector.add('heading', plainText(element), null, level);
    } else if (tag === 'pre') {
      this.flush();
      this.collector.add('code', element.text);
    } else if (tag === 'table') {
      this.flush();
      this.table(element);
    } else if (tag === 'li') {
      this.flush();
      const outer = this.kind;
      this.kind = 'list-item';
      this.visit(element);
      this.flush();
      this.kind = outer;
    } else if (tag === 'br') {
      this.buffer.push('\n');
    } else if (blockTags.has(tag)) {
      this.flush();
      this.visit(element);
      this.flush();
    } else {
      this.visit(element);
    }
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.collector.add(this.kind, collapseSpace(this.buffer.join('')));
    this.buffer = [];
  }

  /**
   * One block per row; with a header row, each row reads "Header: value | Header: value". Leading
   * rows of one cell spanning a wider table are its title: they become a paragraph of their own,
   * and the header row, if any, is the row after them.
   */
  private table(table: HTMLElement): void {
    const allRows = tableRows(table);
    const width = Math.max(0, ...allRows.map((row) => row.length));
    let titleRows = 0;
    while (titleRows < allRows.length - 1 && width > 1 && allRows[titleRows]?.length === 1) titleRows += 1;
    for (const row of allRows.slice(0, titleRows)) this.collector.add('paragraph', row.map(plainText).join(' '));
    const rows = allRows.slice(titleRows).map((row) => ({
      header: row.every((cell) => cell.tagName.toLowerCase() === 'th'),
      cells: row.map(plainText),
    }));
    const first = rows[0];
    const headers = first !== undefined && first.header && rows.length > 1 ? first.cells : null;
    for (const [index, row] of rows.entries()) {
      if (headers !== null && index === 0) continue;
      const text =
        headers === null
          ? row.cells.filter((cell) => cell.length > 0).join(' | ')
          : row.cells
              .map((cell, column) => labelled(headers[column], cell))
              .filter((cell) => cell.length > 0)
              .join(' | ');
      this.collector.add('table-row', text);
    }
  }
}

function labelled(header: string | undefined, value: string): string {
  if (value.length === 0) return '';
  return header === undefined || header.length === 0 ? value : `${header}: ${value}`;
}

/** The table's own rows (not those of nested tables), each as its cells. */
function tableRows(table: HTMLElement): HTMLElement[][] {
  const rows: HTMLElement[][] = [];
  const addRow = (row: HTMLElement): void => {
    const cells = row.childNodes.filter(
      (cell): cell is HTMLElement => cell instanceof HTMLElement && ['td', 'th'].includes(cell.tagName.toLowerCase()),
    );
    if (cells.length > 0) rows.push(cells);
  };
  for (const child of table.childNodes) {
    if (!(child instanceof HTMLElement)) continue;
    const tag = child.tagName.toLowerCase();
    if (tag === 'tr') addRow(child);
    else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') {
      for (const row of child.childNodes) {
        if (row instanceof HTMLElement && row.tagName.toLowerCase() === 'tr') addRow(row);
      }
    }
  }
  return rows;
}

/** An element's visible text on one line, skipping dropped elements, with blocks spaced apart. */
function plainText(node: Node): string {
  const parts: string[] = [];
  const walk = (current: Node): void => {
    for (const child of current.childNodes) {
      if (child instanceof TextNode) parts.push(child.text);
      else if (child instanceof HTMLElement) {
        const tag = child.tagName.toLowerCase();
        if (droppedTags.has(tag)) continue;
        const spaced = tag === 'br' || blockTags.has(tag) || tag === 'li' || tag === 'td' || tag === 'th';
        if (spaced) parts.push(' ');
        walk(child);
        if (spaced) parts.push(' ');
      }
    }
  };
  walk(node);
  return collapseSpace(parts.join(''));
}
