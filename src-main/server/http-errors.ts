import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ZodError } from 'zod';
import { AppError, toErrorValue, type ErrorCode, type ErrorValue } from '../../src-shared/errors';

/** The HTTP status that carries each error code, so plain HTTP clients can branch on it too. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
    case 'privacy-blocked':
      return 403;
    case 'not-found':
      return 404;
    case 'cancelled':
    case 'conflict':
      return 409;
    case 'too-large':
      return 413;
    case 'unsupported-file':
      return 415;
    case 'encrypted':
    case 'corrupt':
    case 'empty':
    case 'no-text-layer':
    case 'binary':
    case 'too-deep':
      return 422;
    case 'rate-limited':
      return 429;
    case 'provider-unreachable':
    case 'provider-error':
      return 502;
    case 'internal':
      return 500;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** Sends `{ ok: false, error }` with the status of its code. */
export function sendError(reply: FastifyReply, error: ErrorValue, status = statusOf(error.code)): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ ok: false, error });
}

/** A zod failure as one sentence naming the field, the way the CLI words it. */
export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

/** Maps whatever a route threw to an ErrorValue; Fastify's own errors (body too large, bad JSON…) keep their status. */
export function errorValueOf(error: unknown): { value: ErrorValue; status: number } {
  if (error instanceof ZodError) return { value: { code: 'validation', message: describeZodError(error) }, status: 400 };
  if (error instanceof AppError) return { value: toErrorValue(error), status: statusOf(error.code) };
  const status = (error as Partial<FastifyError>).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code: ErrorCode =
      status === 413
        ? 'too-large'
        : status === 429
          ? 'rate-limited'
          : status === 404
            ? 'not-found'
            : status === 415
              ? 'unsupported-file'
              : 'validation';
    const message =
      status === 413
        ? 'The request body is larger than this server accepts.'
        : status === 429
          ? 'Too many requests; wait a moment and try again.'
          : ((error as Error).message ?? 'Bad request.');
    return { value: { code, message }, status };
  }
  return { value: toErrorValue(error), status: 500 };
}

/** Every error leaves as JSON with a code; stacks and internal messages go to the log only. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { value, status } = errorValueOf(error);
    if (status >= 500) request.log.error({ err: error, url: request.url }, 'request failed');
    return sendError(reply, value, status);
  });
}
