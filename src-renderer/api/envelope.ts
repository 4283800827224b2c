import { errorCodes, type ErrorCode } from '../../src-shared/errors';
import { ClientError } from './client';

const knownCodes = new Set<string>(errorCodes);

function asCode(code: unknown): ErrorCode {
  return typeof code === 'string' && knownCodes.has(code) ? (code as ErrorCode) : 'internal';
}

/** Unwraps `{ ok, value | error }`, throwing a `ClientError` for a failure or a malformed reply. */
export function unwrapEnvelope<T>(reply: unknown): T {
  if (reply && typeof reply === 'object' && 'ok' in reply) {
    if (reply.ok === true && 'value' in reply) return reply.value as T;
    if (reply.ok === false && 'error' in reply && reply.error && typeof reply.error === 'object') {
      const error = reply.error as { code?: unknown; message?: unknown };
      throw new ClientError(asCode(error.code), typeof error.message === 'string' ? error.message : 'The request failed.');
    }
  }
  throw new ClientError('internal', 'Quarry sent a reply this window does not understand.');
}
