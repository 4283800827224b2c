import type { Db } from '../store/database';
import type { SearchFilters } from '../../../src-shared/schemas/search';

/** SQL conditions for search filters over `chunks c JOIN documents d JOIN collections co`. */
export interface FilterSql {
  readonly where: string;
  readonly params: readonly (string | number)[];
}

export const filterJoins = 'JOIN documents d ON d.id = c.document_id JOIN collections co ON co.id = d.collection_id';

/** True when the filters restrict anything. */
export function hasFilters(filters: SearchFilters): boolean {
  return filters.collection !== undefined || (filters.fileTypes?.length ?? 0) > 0 || (filters.pathPrefix ?? '') !== '';
}

/** The WHERE clause of the filters; `1` when there are none. The path prefix is matched literally. */
export function filterSql(filters: SearchFilters): FilterSql {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  if (filters.collection !== undefined) {
    conditions.push('co.name = ?');
    params.push(filters.collection);
  }
  if (filters.fileTypes && filters.fileTypes.length > 0) {
    conditions.push(`d.file_type IN (${filters.fileTypes.map(() => '?').join(', ')})`);
    params.push(...filters.fileTypes);
  }
  if (filters.pathPrefix) {
    // substr comparison instead of LIKE: a prefix may contain % or _ and paths are case-sensitive.
    conditions.push('substr(d.path, 1, ?) = ?');
    params.push(filters.pathPrefix.length, filters.pathPrefix);
  }
  return { where: conditions.length > 0 ? conditions.join(' AND ') : '1', params };
}

/** How many chunks the filters let through, counted on documents so it stays cheap. */
export function countFilteredChunks(db: Db, filters: SearchFilters): number {
  const sql = filterSql(filters);
  return Number(
    db
      .prepare(`SELECT coalesce(sum(d.chunk_count), 0) FROM documents d JOIN collections co ON co.id = d.collection_id WHERE ${sql.where}`)
      .pluck()
      .get(...sql.params),
  );
}

/** Ids of all chunks the filters let through. */
export function filteredChunkIds(db: Db, filters: SearchFilters): number[] {
  const sql = filterSql(filters);
  return db
    .prepare(`SELECT c.id FROM chunks c ${filterJoins} WHERE ${sql.where}`)
    .pluck()
    .all(...sql.params)
    .map(Number);
}

/** The subset of candidate chunk ids that pass the filters, in the candidates' order. */
export function keepFiltered(db: Db, filters: SearchFilters, candidates: readonly number[]): number[] {
  if (candidates.length === 0 || !hasFilters(filters)) return [...candidates];
  const sql = filterSql(filters);
  const passing = new Set(
    db
      .prepare(`SELECT c.id FROM json_each(?) j JOIN chunks c ON c.id = j.value ${filterJoins} WHERE ${sql.where}`)
      .pluck()
      .all(JSON.stringify(candidates), ...sql.params)
      .map(Number),
  );
  return candidates.filter((id) => passing.has(id));
}
