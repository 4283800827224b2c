import type { z } from 'zod';
import type { SearchHit, SearchRequest, SearchResult } from '../../../src-shared/schemas/search';
import { FileType } from '../../../src-shared/schemas/library';
import type { Db } from '../store/database';
import { reciprocalRankFusion } from './fusion';
import { keywordSearch } from './keyword-search';
import type { LibraryVectorIndex } from './vector-index';

export interface HybridSettings {
  /** RRF weight of the keyword (BM25) ranking. */
  readonly keywordWeight: number;
  /** RRF weight of the dense ranking. */
  readonly denseWeight: number;
  /** RRF constant. */
  readonly k: number;
  /** How deep each ranking is read before fusing (at least the requested limit). */
  readonly depth: number;
}

/** Chosen on Cranfield by `test/eval/cranfield.ts` (see the issue note for the sweep). */
export const defaultHybridSettings: HybridSettings = { keywordWeight: 1, denseWeight: 1, k: 60, depth: 100 };

export interface Searcher {
  search(request: z.output<typeof SearchRequest>): SearchResult;
}

/** Keyword, dense and hybrid search over a library, returning chunks joined with their documents. */
export function createSearcher(options: { db: Db; vectorIndex: LibraryVectorIndex; hybrid?: Partial<HybridSettings> }): Searcher {
  const { db, vectorIndex } = options;
  const hybrid = { ...defaultHybridSettings, ...options.hybrid };
  return {
    search(request) {
      const started = performance.now();
      const filters = { collection: request.collection, fileTypes: request.fileTypes, pathPrefix: request.pathPrefix };
      let ranked: { chunkId: number; score: number }[];
      switch (request.mode) {
        case 'keyword':
          ranked = keywordSearch(db, request.query, { limit: request.limit, filters });
          break;
        case 'dense':
          ranked = vectorIndex.searchDense(request.query, { limit: request.limit, filters });
          break;
        case 'hybrid': {
          const depth = Math.max(hybrid.depth, request.limit);
          const keyword = keywordSearch(db, request.query, { limit: depth, filters });
          const dense = vectorIndex.searchDense(request.query, { limit: depth, filters });
          ranked = reciprocalRankFusion(
            [
              { chunkIds: keyword.map((hit) => hit.chunkId), weight: hybrid.keywordWeight },
              { chunkIds: dense.map((hit) => hit.chunkId), weight: hybrid.denseWeight },
            ],
            hybrid.k,
          ).slice(0, request.limit);
          break;
        }
        default: {
          const unknown: never = request.mode;
          throw new Error(`unknown search mode ${String(unknown)}`);
        }
      }
      return { hits: joinHits(db, ranked), mode: request.mode, tookMs: performance.now() - started };
    },
  };
}

interface HitRow {
  id: number;
  document_id: number;
  path: string;
  title: string | null;
  collection: string;
  file_type: string;
  page: number | null;
  heading_path: string;
  char_start: number;
  char_end: number;
  text: string;
}

/** Loads chunk and document fields for ranked chunk ids, keeping the ranking's order and scores. */
export function joinHits(db: Db, ranked: readonly { chunkId: number; score: number }[]): SearchHit[] {
  if (ranked.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT c.id, c.document_id, d.path, d.title, co.name AS collection, d.file_type, c.page, c.heading_path, c.char_start, c.char_end, c.text
       FROM json_each(?) j JOIN chunks c ON c.id = j.value JOIN documents d ON d.id = c.document_id JOIN collections co ON co.id = d.collection_id`,
    )
    .all(JSON.stringify(ranked.map((hit) => hit.chunkId))) as HitRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ranked.flatMap(({ chunkId, score }) => {
    const row = byId.get(chunkId);
    if (!row) return [];
    const fileType = FileType.safeParse(row.file_type);
    return [
      {
        chunkId,
        documentId: row.document_id,
        path: row.path,
        title: row.title,
        collection: row.collection,
        fileType: fileType.success ? fileType.data : 'txt',
        page: row.page,
        headingPath: parseHeadingPath(row.heading_path),
        start: row.char_start,
        end: row.char_end,
        text: row.text,
        score,
      },
    ];
  });
}

function parseHeadingPath(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
