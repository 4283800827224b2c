import { splitSentences, tailStart, type TextSpan } from './chunk-text';
import { defaultChunkOptions, type Block, type ChunkedDocument, type ChunkOptions, type ReadDocument } from './types';
import type { ChunkDraft } from '../store/chunk-draft';

export { countTokens } from './chunk-text';

/** What separates blocks in a document's full text; chunk offsets index into that text. */
export const blockSeparator = '\n\n';

/** A document's full text: its blocks' texts joined by a blank line. */
export function documentText(blocks: readonly Block[]): string {
  return blocks.map((block) => block.text).join(blockSeparator);
}

/** Longest heading kept in a heading path; a PDF "heading" can be a misread paragraph. */
const maxHeadingPathChars = 200;

/**
 * Cuts a document into chunks of about `targetTokens` tokens, pointing into its full text.
 *
 * - A chunk stays inside one section: a heading always starts a new chunk, and the heading's text
 *   opens that chunk (a chunk of only a heading is never made; consecutive headings with nothing
 *   between them open the same chunk). Its ancestors by level form `headingPath`.
 * - A chunk stays on one page (PDF): a page change starts a new chunk, without overlap.
 * - Whole blocks are packed first; a block that does not fit a chunk is split into sentences, and a
 *   sentence longer than the target into token windows.
 * - Up to `overlapTokens` of the previous chunk's trailing sentences (or words, when its last
 *   sentence is longer than that) open the next chunk of the same section and page.
 * The first chunk of a section may exceed the target by the size of its heading(s).
 */
export function chunkDocument(doc: ReadDocument, options: ChunkOptions = defaultChunkOptions): ChunkedDocument {
  const text = documentText(doc.blocks);
  const packer = new ChunkPacker(text, options);
  const headings: { level: number; text: string }[] = [];
  let offset = 0;
  for (const block of doc.blocks) {
    const start = offset;
    const end = start + block.text.length;
    offset = end + blockSeparator.length;
    const spans = splitSentences(text, start, end, Math.max(1, options.targetTokens));
    if (spans.length === 0) continue;
    if (block.kind === 'heading') {
      const level = block.level ?? 1;
      while (headings.length > 0 && (headings[headings.length - 1] as { level: number }).level >= level) {
        headings.pop();
      }
      headings.push({ level, text: headingLabel(text.slice(spans[0]!.start, spans[spans.length - 1]!.end)) });
      packer.startSection(
        headings.map((heading) => heading.text),
        block.page,
      );
      packer.addHeading(spans);
    } else {
      packer.addBlock(spans, block.page);
    }
  }
  return { text, chunks: packer.finish() };
}

function headingLabel(text: string): string {
  const label = text.replace(/\s+/g, ' ');
  return label.length <= maxHeadingPathChars ? label : `${label.slice(0, maxHeadingPathChars - 1)}…`;
}

function sumTokens(spans: readonly TextSpan[]): number {
  let total = 0;
  for (const span of spans) total += span.tokens;
  return total;
}

/** Greedy packing of spans into chunks; holds the chunk being built. */
class ChunkPacker {
  private readonly chunks: ChunkDraft[] = [];
  private readonly target: number;
  private readonly overlap: number;
  private spans: TextSpan[] = [];
  private tokens = 0;
  /** False while the chunk holds only headings or overlap carried from the previous chunk. */
  private hasBody = false;
  private page: number | null = null;
  private headingPath: readonly string[] = [];

  constructor(
    private readonly text: string,
    options: ChunkOptions,
  ) {
    this.target = Math.max(1, options.targetTokens);
    this.overlap = Math.max(0, Math.min(options.overlapTokens, this.target - 1));
  }

  startSection(headingPath: readonly string[], page: number | null): void {
    if (this.hasBody) this.emit();
    this.enterPage(page);
    this.headingPath = headingPath;
  }

  addHeading(spans: readonly TextSpan[]): void {
    for (const span of spans) this.push(span, false);
  }

  addBlock(spans: readonly TextSpan[], page: number | null): void {
    this.enterPage(page);
    const blockTokens = sumTokens(spans);
    if (this.tokens + blockTokens <= this.target) {
      for (const span of spans) this.push(span, true);
      return;
    }
    if (blockTokens <= this.target && this.hasBody) {
      this.emitWithOverlap(this.target - blockTokens);
      for (const span of spans) this.push(span, true);
      return;
    }
    for (const span of spans) {
      if (this.hasBody && this.tokens + span.tokens > this.target) {
        this.emitWithOverlap(this.target - span.tokens);
      }
      this.push(span, true);
    }
  }

  finish(): ChunkDraft[] {
    // A document of headings only still yields its text once.
    if (this.hasBody || (this.chunks.length === 0 && this.spans.length > 0)) this.emit();
    return this.chunks;
  }

  /** A block on another page closes the chunk; a heading left alone there stays in headingPath only. */
  private enterPage(page: number | null): void {
    if (this.spans.length > 0 && page !== this.page) {
      if (this.hasBody) this.emit();
      else this.reset();
    }
    if (this.spans.length === 0) this.page = page;
  }

  private push(span: TextSpan, body: boolean): void {
    this.spans.push(span);
    this.tokens += span.tokens;
    if (body) this.hasBody = true;
  }

  private emit(): TextSpan[] {
    const first = this.spans[0];
    const last = this.spans[this.spans.length - 1];
    const emitted = this.spans;
    if (first !== undefined && last !== undefined) {
      this.chunks.push({
        ordinal: this.chunks.length,
        text: this.text.slice(first.start, last.end),
        page: this.page,
        headingPath: this.headingPath,
        start: first.start,
        end: last.end,
        tokenCount: this.tokens,
      });
    }
    this.reset();
    return emitted;
  }

  private reset(): void {
    this.spans = [];
    this.tokens = 0;
    this.hasBody = false;
  }

  /** Emits the chunk and opens the next with its trailing sentences, at most `room` tokens of them. */
  private emitWithOverlap(room: number): void {
    const emitted = this.emit();
    const budget = Math.min(this.overlap, room);
    if (budget <= 0 || emitted.length === 0) return;
    let first = emitted.length;
    let carried = 0;
    // Never carry the whole previous chunk: that chunk would then be contained in this one.
    while (first > 1 && carried + (emitted[first - 1] as TextSpan).tokens <= budget) {
      first -= 1;
      carried += (emitted[first] as TextSpan).tokens;
    }
    if (first < emitted.length) {
      for (let index = first; index < emitted.length; index += 1) this.push(emitted[index] as TextSpan, false);
      return;
    }
    const last = emitted[emitted.length - 1] as TextSpan;
    const tail = tailStart(this.text, last.start, last.end, budget);
    if (tail !== null) this.push(tail, false);
  }
}
