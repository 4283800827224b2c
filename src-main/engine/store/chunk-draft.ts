/** A chunk before it has a database id; offsets index into the document's full text. */
export interface ChunkDraft {
  readonly ordinal: number;
  readonly text: string;
  readonly page: number | null;
  readonly headingPath: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly tokenCount: number;
}
