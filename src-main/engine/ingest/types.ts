import type { ChunkDraft } from '../store/chunk-draft';
import type { FileType } from '../../../src-shared/schemas/library';

/** A structural piece of a document as its reader found it. */
export interface Block {
  readonly kind: 'heading' | 'paragraph' | 'table-row' | 'list-item' | 'code';
  readonly text: string;
  /** Heading depth, 1 = top; only for headings. */
  readonly level?: number;
  /** 1-based page for paged formats (PDF), null otherwise. */
  readonly page: number | null;
}

/** What a reader returns: the document's structure, not yet chunked. */
export interface ReadDocument {
  readonly fileType: FileType;
  readonly title: string | null;
  readonly pages: number | null;
  readonly blocks: readonly Block[];
  /** What was read only in part ("Pages 3, 7 of 9 could not be read…"), one sentence each; the document is still indexed. */
  readonly warnings?: readonly string[];
  /**
   * 1-based pages that hold images but no text layer (scanned): the hook for an OCR step, which may
   * read them and add their blocks. Only paged formats (PDF) set it.
   */
  readonly ocrPages?: readonly number[];
}

/** Limits a user can change in settings; a file past one gets a `too-large` error. */
export interface ReadLimits {
  readonly maxFileBytes: number;
  readonly maxPages: number;
  readonly maxChars: number;
}

export const defaultReadLimits: ReadLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxPages: 5000,
  maxChars: 20_000_000,
};

export interface ChunkOptions {
  readonly targetTokens: number;
  readonly overlapTokens: number;
}

export const defaultChunkOptions: ChunkOptions = { targetTokens: 256, overlapTokens: 32 };

/** A chunked document: its full text (blocks joined by blank lines) and chunks that point into it. */
export interface ChunkedDocument {
  readonly text: string;
  readonly chunks: readonly ChunkDraft[];
}
