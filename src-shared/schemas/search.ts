import { z } from 'zod';
import { CollectionName, FileType } from './library';

export const SearchMode = z.enum(['keyword', 'dense', 'hybrid']);
export type SearchMode = z.infer<typeof SearchMode>;

export const SearchFilters = z.object({
  collection: CollectionName.optional(),
  fileTypes: z.array(FileType).optional(),
  pathPrefix: z.string().optional(),
});
export type SearchFilters = z.infer<typeof SearchFilters>;

export const SearchRequest = SearchFilters.extend({
  query: z.string().trim().min(1).max(4000),
  mode: SearchMode.default('hybrid'),
  limit: z.number().int().min(1).max(1000).default(10),
});
export type SearchRequest = z.input<typeof SearchRequest>;

/** One retrieved chunk with its document and where it sits in the file. */
export const SearchHit = z.object({
  chunkId: z.number().int(),
  documentId: z.number().int(),
  path: z.string(),
  title: z.string().nullable(),
  collection: z.string(),
  fileType: FileType,
  page: z.number().int().nullable(),
  headingPath: z.array(z.string()),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({
  hits: z.array(SearchHit),
  mode: SearchMode,
  tookMs: z.number(),
});
export type SearchResult = z.infer<typeof SearchResult>;
