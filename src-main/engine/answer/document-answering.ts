import type { SearchHit } from '../../../src-shared/schemas/search';
import { compareDocuments, summarizeDocument, type DocumentSide } from './document-answers';
import { documentIntent, resolveDocuments, type DocumentIntent, type DocumentName } from './document-questions';
import type { DocumentSource } from './document-source';
import type { ExtractiveAnswer, TermStatistics } from './extractive';

/** A question about whole documents, resolved: its intent, the documents, and all their passages. */
export interface DocumentPlan {
  readonly intent: DocumentIntent;
  readonly sides: readonly DocumentSide[];
  /** Every chunk of the documents, first document first, in reading order; citations number into it. */
  readonly hits: readonly SearchHit[];
}

const fileName = (doc: DocumentName) => doc.path.split(/[\\/]/).pop() ?? doc.path;

/**
 * What to call a document: its title, unless the title is only its first section's heading (a reader
 * fell back to the first heading), then its file name.
 */
function labelOf(doc: DocumentName, chunks: readonly SearchHit[]): string {
  if (!doc.title) return fileName(doc);
  const underTitle = chunks.filter((chunk) => chunk.headingPath[0] === doc.title).length;
  const sectionOnly = underTitle > 0 && underTitle < chunks.length / 2;
  return sectionOnly ? fileName(doc) : doc.title;
}

/**
 * Resolves a whole-document question against the library (in the asked collection, if any). Null for
 * an ordinary question, or when a name matches no document (the question is then answered from the
 * passages search finds, like any other).
 */
export function planDocumentAnswer(question: string, collection: string | undefined, source: DocumentSource): DocumentPlan | null {
  const intent = documentIntent(question);
  if (!intent) return null;
  const documents = source.documents(collection);
  const resolved = intent.refs.map((ref) => resolveDocuments(ref, documents)[0]);
  if (resolved.some((doc) => doc === undefined)) return null;
  const docs = resolved as DocumentName[];
  if (intent.kind === 'compare' && docs[0]!.id === docs[1]!.id) return null;
  const chunks = docs.map((doc) => source.chunks(doc.id));
  const titles = docs.map((doc, i) => labelOf(doc, chunks[i]!));
  // Two documents with the same title (two years of one report) are told apart by file name.
  const labels = new Set(titles).size === titles.length ? titles : docs.map(fileName);
  const sides = docs.map((_, i) => ({ label: labels[i]!, chunks: chunks[i]! }));
  return { intent, sides, hits: sides.flatMap((side) => side.chunks) };
}

/** The answer without a model: an extractive summary, or the two documents side by side. */
export function answerDocumentsExtractively(plan: DocumentPlan, statistics: TermStatistics): ExtractiveAnswer {
  if (plan.intent.kind === 'summary') return summarizeDocument(plan.sides[0]!, statistics);
  return compareDocuments(plan.sides[0]!, plan.sides[1]!, plan.intent.topic, statistics);
}
