import type { ErrorCode } from '../../src-shared/errors';

const explanations: Partial<Record<string, string>> = {
  'unsupported-file': 'Quarry cannot read this kind of file yet.',
  'too-large': 'The file is larger than Quarry accepts.',
  encrypted: 'The file is protected by a password.',
  corrupt: 'The file is damaged or not what its name says.',
  empty: 'The file has no text in it.',
  'no-text-layer': 'The PDF holds only scanned images, with no text to read.',
  binary: 'The file is not text.',
  'too-deep': 'The file nests its structure deeper than Quarry reads.',
  cancelled: 'Stopped before it finished.',
  'not-found': 'The file is no longer where it was.',
  'provider-unreachable': 'The model provider could not be reached.',
  'privacy-blocked': 'Your privacy settings keep this material away from that provider.',
  'rate-limited': 'The provider asked Quarry to slow down; try again in a moment.',
};

/** A sentence for an error code, for when the engine's own message needs a plain-words lead. */
export function explainErrorCode(code: ErrorCode | string): string {
  return explanations[code] ?? 'Something went wrong.';
}

/** The engine's message when it wrote one, else the plain-words explanation of the code. */
export function describeFailure(code: string, message: string | null | undefined): string {
  const trimmed = message?.trim();
  return trimmed ? trimmed : explainErrorCode(code);
}
