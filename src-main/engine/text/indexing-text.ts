/** The text a chunk is indexed under (FTS5 and embeddings): its heading path, then its own text. */
export function indexingText(headingPath: readonly string[], text: string): string {
  return headingPath.length > 0 ? `${headingPath.join(' > ')}\n${text}` : text;
}

/** indexingText for a row of `chunks`, whose heading path is stored as a JSON array. */
export function chunkRowIndexingText(headingPathJson: string, text: string): string {
  let headingPath: unknown;
  try {
    headingPath = JSON.parse(headingPathJson);
  } catch {
    headingPath = [];
  }
  return indexingText(Array.isArray(headingPath) ? headingPath.map(String) : [], text);
}
