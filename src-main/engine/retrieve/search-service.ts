import type { CallOutput, ParsedInput } from '../../../src-shared/contract';
import type { Logger } from 'pino';
import type { EngineEvents } from '../events';
import type { LibraryVectorIndex } from '../embedding/vector-index';
import type { Searcher } from './searcher';

export interface SearchApi {
  query(request: ParsedInput<'search.query'>): Promise<CallOutput<'search.query'>>;
}

export interface SearchService extends SearchApi {
  /** The same search without counting it as a user's search (answers retrieve through this). */
  retrieve(request: ParsedInput<'search.query'>): Promise<CallOutput<'search.query'>>;
}

export interface SearchServiceDeps {
  readonly searcher: Searcher;
  readonly vectorIndex: LibraryVectorIndex;
  readonly events: EngineEvents;
  readonly logger: Logger;
}

/** Searches in the three modes; a model embedder that cannot embed the query leaves keywords alone. */
export function createSearchService(deps: SearchServiceDeps): SearchService {
  async function retrieve(request: ParsedInput<'search.query'>): Promise<CallOutput<'search.query'>> {
    if (request.mode !== 'keyword') {
      // A model embedder answers over HTTP; if it cannot, the search goes on with keywords alone.
      await deps.vectorIndex
        .prepareQuery(request.query)
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'query embedding failed'));
    }
    return deps.searcher.search(request);
  }
  return {
    retrieve,
    async query(request) {
      const result = await retrieve(request);
      deps.events.emit('search.done', { mode: result.mode, hits: result.hits.length, tookMs: result.tookMs });
      return result;
    },
  };
}
