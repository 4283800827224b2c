import type { z } from 'zod';
import type { SearchFilters, SearchHit, SearchRequest, SearchResult } from '../../../src-shared/schemas/search';
import { FileType } from '../../../src-shared/schemas/library';
import type { Db } from '../store/database';
import { feedbackVector } from './feedback';
import { reciprocalRankFusion, type FusedHit } from './fusion';
import { bm25Idf, fts5Averages } from './bm25';
import { keywordSearch, queryTerms } from './keyword-search';
import { questionPairs, rerankByProximity } from './rerank';
import { chunkRowIndexingText } from '../text/indexing-text';
import type { RetrievalCalibration } from './calibration';
import { createLibraryCalibrations, type LibraryCalibrations } from './library-calibration';
import { denseSearch, type DenseHit } from './dense-search';
import type { LibraryVectorIndex } from '../embedding/vector-index';

export interface HybridSettings {
  /** RRF weight of the keyword (BM25) ranking. */
  readonly keywordWeight: number;
  /** RRF weight of the dense ranking. */
  readonly denseWeight: number;
  /** RRF constant. */
  readonly k: number;
  /** How deep each ranking is read before fusing (at least the requested limit). */
  readonly depth: number;
  /** Pseudo-relevance feedback: chunks of the first fused round the dense query moves toward (0 = off). */
  readonly feedbackChunks: number;
  /** How far the dense query moves toward them (Rocchio β). */
  readonly feedbackWeight: number;
}

/**
 * The fixed parts of fusion: RRF's k = 60 (Cormack et al.), lists read 100 deep, and feedback as
 * Rocchio toward the top 5 at β = 0.7 when it is on. The dense weight and whether feedback is on are
 * not constants: each library's calibration sets them (calibration.ts); these are used only by an
 * index that has no embedder at all.
 */
export const defaultHybridSettings: HybridSettings = {
  keywordWeight: 1,
  denseWeight: 0,
  k: 60,
  depth: 100,
  feedbackChunks: 5,
  feedbackWeight: 0.7,
};

/** The hybrid settings of a library: the defaults, its calibration, then any explicit override. */
export function hybridSettingsFor(calibration: RetrievalCalibration | null, overrides: Partial<HybridSettings> = {}): HybridSettings {
  const calibrated: Partial<HybridSettings> = calibration
    ? { denseWeight: calibration.denseWeight, feedbackChunks: calibration.feedback ? defaultHybridSettings.feedbackChunks : 0 }
    : {};
  return { ...defaultHybridSettings, ...calibrated, ...overrides };
}

export interface Searcher {
  search(request: z.output<typeof SearchRequest>): SearchResult;
}

/** Keyword, dense and hybrid search over a library, returning chunks joined with their documents. */
export function createSearcher(options: {
  db: Db;
  vectorIndex: LibraryVectorIndex;
  hybrid?: Partial<HybridSettings>;
  /** Forces proximity reranking on or off; by default the library's calibration decides. */
  rerank?: boolean;
  /** The library's calibrations; by default the searcher reads them itself. */
  calibrations?: LibraryCalibrations;
}): Searcher {
  const { db, vectorIndex } = options;
  const calibrations = options.calibrations ?? createLibraryCalibrations(db, vectorIndex);
  return {
    search(request) {
      const started = performance.now();
      const filters = { collection: request.collection, fileTypes: request.fileTypes, pathPrefix: request.pathPrefix };
      let ranked: { chunkId: number; score: number }[];
      switch (request.mode) {
        case 'keyword':
          ranked = keywordSearch(db, request.query, { limit: request.limit, filters });
          break;
        case 'dense': {
          const vector = vectorIndex.embedQuery(request.query);
          ranked = vector ? searchDense(db, vectorIndex, vector, { limit: request.limit, filters }) : [];
          break;
        }
        case 'hybrid':
          ranked = hybridSearch(db, vectorIndex, hybridSettingsFor(calibrations.current(), options.hybrid), request.query, {
            limit: request.limit,
            filters,
          }).slice(0, request.limit);
          break;
        default: {
          const unknown: never = request.mode;
          throw new Error(`unknown search mode ${String(unknown)}`);
        }
      }
      return { hits: joinHits(db, ranked), mode: request.mode, tookMs: performance.now() - started };
    },
  };
}

/** Nearest chunks to a query vector from embedQuery (or a feedback-adjusted one) among the active embedder's. */
export function searchDense(
  db: Db,
  vectorIndex: LibraryVectorIndex,
  vector: Float32Array,
  options: { readonly limit: number; readonly filters: SearchFilters },
): DenseHit[] {
  const vectors = vectorIndex.activeVectors();
  if (!vectors || vector.length !== vectorIndex.activeModel()?.dimensions) return [];
  return denseSearch(db, vectors, vector, options);
}

/**
 * Keyword and dense rankings fused by weighted RRF; with feedback on, the dense query is first moved
 * toward the top chunks of that fusion and searched again. Both are set per library by calibration.
 */
export function hybridSearch(
  db: Db,
  vectorIndex: LibraryVectorIndex,
  settings: HybridSettings,
  query: string,
  options: { readonly limit: number; readonly filters: SearchFilters },
): FusedHit[] {
  const depth = Math.max(settings.depth, options.limit);
  const keywordIds = keywordSearch(db, query, { limit: depth, filters: options.filters }).map((hit) => hit.chunkId);
  // A library whose calibration found that dense retrieval does not help is searched by keywords alone.
  const vector = settings.denseWeight > 0 ? vectorIndex.embedQuery(query) : null;
  if (!vector) return reciprocalRankFusion([{ chunkIds: keywordIds, weight: settings.keywordWeight }], settings.k);
  const fuse = (denseVector: Float32Array): FusedHit[] =>
    reciprocalRankFusion(
      [
        { chunkIds: keywordIds, weight: settings.keywordWeight },
        {
          chunkIds: searchDense(db, vectorIndex, denseVector, { limit: depth, filters: options.filters }).map((hit) => hit.chunkId),
          weight: settings.denseWeight,
        },
      ],
      settings.k,
    );
  const first = fuse(vector);
  if (settings.feedbackChunks <= 0 || first.length === 0) return first;
  const top = first.slice(0, settings.feedbackChunks).map((hit) => hit.chunkId);
  const vectors = vectorIndex.chunkVectors(top);
  return fuse(feedbackVector(vector, [...vectors.values()], settings.feedbackWeight));
}

/** Candidates the proximity reranker reorders (the calibration measures it at the same depth). */
const rerankDepth = 20;

/** The fused list with its first `rerankDepth` reordered by term proximity (rerank.ts); scores follow the new order. */
export function rerankFused(db: Db, query: string, fused: readonly FusedHit[]): FusedHit[] {
  const top = fused.slice(0, rerankDepth);
  if (top.length < 2) return [...fused];
  const terms = queryTerms(query);
  const pairs = questionPairs(query, terms);
  if (pairs.length === 0) return [...fused];
  const rows = db
    .prepare('SELECT c.id, c.heading_path, c.text FROM json_each(?) j JOIN chunks c ON c.id = j.value')
    .all(JSON.stringify(top.map((hit) => hit.chunkId))) as { id: number; heading_path: string; text: string }[];
  const texts = new Map(rows.map((row) => [row.id, chunkRowIndexingText(row.heading_path, row.text)]));
  const library = fts5Averages(db);
  const frequency = db.prepare<[string], number>('SELECT doc FROM chunks_fts_vocab WHERE term = ?').pluck();
  const idf = new Map(terms.map((term) => [term.stem, bm25Idf(frequency.get(term.stem) ?? 0, library.rows)]));
  const order = rerankByProximity(
    top.map((hit) => ({ chunkId: hit.chunkId, text: texts.get(hit.chunkId) ?? '' })),
    pairs,
    idf,
  );
  // Scores stay descending: the reordered head takes the head's scores in their original order.
  const reordered = order.map((chunkId, i) => ({ chunkId, score: top[i]!.score }));
  return [...reordered, ...fused.slice(rerankDepth)];
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
