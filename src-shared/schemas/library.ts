import { z } from 'zod';

/** A collection name as a user types it: short, printable, no path separators. */
export const CollectionName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .refine(
    (name) => !/[/\\]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 32),
    'A collection name cannot contain slashes or control characters',
  );

export const FileType = z.enum(['txt', 'md', 'html', 'pdf', 'docx', 'csv', 'json']);
export type FileType = z.infer<typeof FileType>;

export const IngestRequest = z.object({
  paths: z.array(z.string().min(1)).min(1),
  collection: CollectionName.default('default'),
  /** Read files again even when their content is unchanged (re-index). */
  force: z.boolean().default(false),
});
export type IngestRequest = z.input<typeof IngestRequest>;

export const JobStatus = z.enum(['queued', 'running', 'done', 'cancelled', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

export const FileFailure = z.object({
  path: z.string(),
  code: z.string(),
  error: z.string(),
});
export type FileFailure = z.infer<typeof FileFailure>;

/** A file that was indexed only in part (pages that could not be read…), and what is missing. */
export const FileWarning = z.object({
  path: z.string(),
  warning: z.string(),
});
export type FileWarning = z.infer<typeof FileWarning>;

/** Progress of one ingestion job, as shown in a progress bar and sent as events. */
export const JobProgress = z.object({
  jobId: z.string(),
  status: JobStatus,
  collection: z.string(),
  filesTotal: z.number().int(),
  filesDone: z.number().int(),
  documents: z.number().int(),
  chunks: z.number().int(),
  skipped: z.number().int(),
  bytesTotal: z.number().int(),
  bytesDone: z.number().int(),
  etaSeconds: z.number().nullable(),
  currentFile: z.string().nullable(),
  failed: z.array(FileFailure),
  /** Files indexed with a warning. */
  warned: z.array(FileWarning),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobRef = z.object({ jobId: z.string().min(1) });

export const DocumentSummary = z.object({
  id: z.number().int(),
  path: z.string(),
  collection: z.string(),
  fileType: FileType,
  title: z.string().nullable(),
  bytes: z.number().int(),
  pages: z.number().int().nullable(),
  chunks: z.number().int(),
  contentHash: z.string(),
  ingestedAt: z.number(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentFilter = z.object({
  collection: CollectionName.optional(),
  fileType: FileType.optional(),
  text: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(10_000).default(1000),
});
export type DocumentFilter = z.input<typeof DocumentFilter>;

/** A path or a numeric document id, as `quarry rm` accepts. */
export const DocumentRef = z.object({ ref: z.string().min(1) });

export const RemoveResult = z.object({ removed: z.number().int(), paths: z.array(z.string()) });
export type RemoveResult = z.infer<typeof RemoveResult>;

export const LibraryStats = z.object({
  documents: z.number().int(),
  chunks: z.number().int(),
  collections: z.number().int(),
  dbBytes: z.number().int(),
  integrity: z.string(),
  embedder: z.string(),
});
export type LibraryStats = z.infer<typeof LibraryStats>;

export const CollectionSummary = z.object({
  name: z.string(),
  private: z.boolean(),
  documents: z.number().int(),
  chunks: z.number().int(),
});
export type CollectionSummary = z.infer<typeof CollectionSummary>;

/** One passage with the text around it, to open a citation at the exact place. */
export const PassageRequest = z.object({
  chunkId: z.number().int(),
  contextChars: z.number().int().min(0).max(20_000).default(1500),
  /**
   * What a citation knows of its passage, for when the chunk changed or went away after a re-index:
   * the passage is then looked for by its quoted text in the document's current version.
   */
  documentId: z.number().int().optional(),
  path: z.string().max(4096).optional(),
  quote: z.string().max(100_000).optional(),
});
export const Passage = z.object({
  chunkId: z.number().int(),
  documentId: z.number().int(),
  path: z.string(),
  title: z.string().nullable(),
  page: z.number().int().nullable(),
  headingPath: z.array(z.string()),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  before: z.string(),
  after: z.string(),
  /** `quote` when the cited chunk changed and this is where its quoted text is in the current version. */
  found: z.enum(['cited', 'quote']).optional(),
  /** Document offsets of the quoted text found in the current version (with `found: 'quote'`). */
  highlight: z.object({ start: z.number().int(), end: z.number().int() }).optional(),
});
export type Passage = z.infer<typeof Passage>;
