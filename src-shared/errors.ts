/** Codes for failures a person can understand; anything else is `internal`. */
export const errorCodes = [
  'validation',
  'not-found',
  'unsupported-file',
  'too-large',
  'encrypted',
  'corrupt',
  'empty',
  'no-text-layer',
  'binary',
  'too-deep',
  'cancelled',
  'provider-unreachable',
  'provider-error',
  'rate-limited',
  'privacy-blocked',
  'conflict',
  'unauthorized',
  'forbidden',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** An expected failure, carried as a value across every boundary (IPC, HTTP, CLI). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** The plain shape an error takes when it crosses a process boundary. */
export interface ErrorValue {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Turns anything thrown into an ErrorValue; unexpected errors become `internal` without a stack. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'The operation was cancelled.' };
  }
  return { code: 'internal', message: 'Something went wrong inside Quarry; the details are in the log.' };
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
