import { createHash } from 'node:crypto';

/** Everything that changes an answer; two questions with equal parts get the same cached answer. */
export interface AnswerKeyParts {
  readonly question: string;
  /** Earlier turns the answerer sees (empty when it answers each question on its own). */
  readonly context: readonly string[];
  /** A collection name, or null for the whole library. */
  readonly collection: string | null;
  /** The index version of that scope at lookup time. */
  readonly indexVersion: string;
  readonly route: { readonly provider: string; readonly model: string };
  readonly promptVersion: string;
  /** Answer settings (retrieval mode, passages, overrides…); any JSON value, hashed in a stable order. */
  readonly settings: unknown;
}

/** The key of one cached answer: `family` groups entries that differ only by question. */
export interface AnswerKey {
  readonly key: string;
  readonly family: string;
  readonly normalizedQuestion: string;
  readonly collection: string | null;
}

/**
 * A question reduced to what its answer depends on: Unicode-normalized, lower case, single spaces,
 * without trailing punctuation. Retrieval and the extractive answerer ignore case and punctuation,
 * so "What is X?" and "what is x" must share an entry.
 */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.…]+$/u, '');
}

/** JSON with object keys sorted, so equal settings always hash alike. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Hashes the parts into a key; the question is normalized first. */
export function answerKey(parts: AnswerKeyParts): AnswerKey {
  const normalizedQuestion = normalizeQuestion(parts.question);
  const family = digest(
    stableJson([
      parts.context,
      parts.collection,
      parts.indexVersion,
      parts.route.provider,
      parts.route.model,
      parts.promptVersion,
      parts.settings,
    ]),
  );
  return { key: digest(`${family}\n${normalizedQuestion}`), family, normalizedQuestion, collection: parts.collection };
}
