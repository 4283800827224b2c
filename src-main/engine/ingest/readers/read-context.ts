import { AppError } from '../../../../src-shared/errors';
import type { Block, ReadDocument, ReadLimits } from '../types';

/** What every reader gets besides the file's bytes. */
export interface ReaderContext {
  /** The file's base name, used in every message a person sees. */
  readonly fileName: string;
  readonly limits: ReadLimits;
  readonly signal: AbortSignal | undefined;
}

/** A reader turns a file's bytes into blocks; it throws AppError for anything a person can fix. */
export type Reader = (bytes: Uint8Array, context: ReaderContext) => Promise<ReadDocument>;

type LimitName = keyof ReadLimits;

const limitWords: Record<LimitName, (value: number) => string> = {
  maxFileBytes: (value) => formatBytes(value),
  maxPages: (value) => `${value.toLocaleString('en-US')} pages`,
  maxChars: (value) => `${value.toLocaleString('en-US')} characters of text`,
};

/** A `too-large` error that says which limit was passed and which setting raises it. */
export function tooLargeError(fileName: string, limit: LimitName, actual: number, allowed: number): AppError {
  const words = limitWords[limit];
  const size = limit === 'maxChars' ? `more than ${words(allowed)}` : words(actual);
  return new AppError(
    'too-large',
    `${fileName} has ${size}, over the limit of ${words(allowed)} per file; raise "${limit}" in the ingestion limits to read it.`,
    { limit, actual, allowed },
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export function cancelledError(fileName: string): AppError {
  return new AppError('cancelled', `Reading ${fileName} was cancelled.`);
}

export function throwIfCancelled(context: ReaderContext): void {
  if (context.signal?.aborted === true) throw cancelledError(context.fileName);
}

/** Collapses runs of whitespace (including line breaks) to one space and trims. */
export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Collects a reader's blocks, dropping empty ones and stopping with `too-large` as soon as the text
 * passes `maxChars`, so a huge file fails before it has been turned into millions of blocks.
 */
export class BlockCollector {
  readonly blocks: Block[] = [];
  private chars = 0;

  constructor(private readonly context: ReaderContext) {}

  /** The file being read, for messages. */
  get fileName(): string {
    return this.context.fileName;
  }

  add(kind: Block['kind'], text: string, page: number | null = null, level?: number): void {
    const trimmed = kind === 'code' ? text.replace(/^\s*\n|\s+$/g, '') : text.trim();
    if (trimmed.length === 0) return;
    this.chars += trimmed.length + 2;
    if (this.chars > this.context.limits.maxChars) {
      throw tooLargeError(this.context.fileName, 'maxChars', this.chars, this.context.limits.maxChars);
    }
    this.blocks.push(kind === 'heading' ? { kind, text: trimmed, level: level ?? 1, page } : { kind, text: trimmed, page });
  }

  /** The first heading's text, a fallback title when the format carries none. */
  firstHeading(): string | null {
    return this.blocks.find((block) => block.kind === 'heading')?.text ?? null;
  }
}
