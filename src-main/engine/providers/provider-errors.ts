import { AppError, type ErrorCode } from '../../../src-shared/errors';
import type { ProviderId } from '../../../src-shared/schemas/providers';

/**
 * unreachable: no connection; timeout: a deadline passed; rate-limit: 429; server: 5xx; client: other
 * 4xx (bad key, unknown model); malformed: a reply that is not the protocol; dropped: the stream ended
 * early; busy: our own bound on concurrent requests was full; open: the circuit breaker refused.
 */
export type FailureKind =
  'unreachable' | 'timeout' | 'rate-limit' | 'server' | 'client' | 'malformed' | 'dropped' | 'busy' | 'open' | 'cancelled';

/** A provider call that failed, classified once so retry, breaker, fallback and the UI agree. */
export class ProviderFailure extends AppError {
  readonly provider: ProviderId;
  readonly kind: FailureKind;
  /** Worth trying again (and a sign of ill health rather than of a wrong request). */
  readonly transient: boolean;
  /** The server's Retry-After, when it sent one. */
  readonly retryAfterMs: number | null;
  /** Tokens had already been streamed when it failed: never retried. */
  readonly afterFirstToken: boolean;
  /** Another attempt may help: transient, before the first token, and time is left. */
  readonly retryable: boolean;

  constructor(
    provider: ProviderId,
    kind: FailureKind,
    message: string,
    options: { retryAfterMs?: number | null; afterFirstToken?: boolean; status?: number; final?: boolean } = {},
  ) {
    super(codeOf(kind), message, { provider, kind, ...(options.status ? { status: options.status } : {}) });
    this.name = 'ProviderFailure';
    this.provider = provider;
    this.kind = kind;
    this.transient = ['unreachable', 'timeout', 'rate-limit', 'server', 'dropped'].includes(kind);
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.afterFirstToken = options.afterFirstToken ?? false;
    this.retryable = this.transient && !this.afterFirstToken && !options.final;
  }

  /** The same failure, marked as having happened after tokens were streamed. */
  midStream(): ProviderFailure {
    return new ProviderFailure(this.provider, this.kind, this.message, { retryAfterMs: this.retryAfterMs, afterFirstToken: true });
  }

  /** The same failure, not to be retried (the answer's deadline has passed). */
  final(): ProviderFailure {
    return new ProviderFailure(this.provider, this.kind, this.message, {
      retryAfterMs: this.retryAfterMs,
      afterFirstToken: this.afterFirstToken,
      final: true,
    });
  }

  /** Whether it says something about the provider's health (a wrong model name or a cancel does not). */
  get countsAgainstHealth(): boolean {
    return this.transient || this.kind === 'malformed';
  }
}

function codeOf(kind: FailureKind): ErrorCode {
  switch (kind) {
    case 'unreachable':
    case 'open':
      return 'provider-unreachable';
    case 'rate-limit':
    case 'busy':
      return 'rate-limited';
    case 'cancelled':
      return 'cancelled';
    case 'timeout':
    case 'server':
    case 'client':
    case 'malformed':
    case 'dropped':
      return 'provider-error';
    default: {
      const never: never = kind;
      return never;
    }
  }
}

const providerNames: Record<ProviderId, string> = { ollama: 'Ollama', openai: 'OpenAI' };

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classifies whatever a client library threw (fetch TypeErrors, Ollama's ResponseError, OpenAI's
 * APIError family, JSON SyntaxErrors) by its shape, so both clients map to the same kinds.
 */
export function classifyProviderError(provider: ProviderId, error: unknown, context: { retryAfter?: string | null } = {}): ProviderFailure {
  if (error instanceof ProviderFailure) return error;
  const name = providerNames[provider];
  const record = (error ?? {}) as {
    name?: string;
    message?: string;
    status?: unknown;
    status_code?: unknown;
    headers?: { get?: (key: string) => string | null };
  };
  const message = typeof record.message === 'string' ? record.message : String(error);
  const status =
    typeof record.status === 'number' ? record.status : typeof record.status_code === 'number' ? record.status_code : undefined;
  if (record.name === 'AbortError' || record.name === 'APIUserAbortError')
    return new ProviderFailure(provider, 'cancelled', 'The request was cancelled.');
  if (status !== undefined) {
    const retryAfter = parseRetryAfter(record.headers?.get?.('retry-after') ?? context.retryAfter);
    if (status === 429)
      return new ProviderFailure(provider, 'rate-limit', `${name} is rate limiting requests (429).`, { retryAfterMs: retryAfter, status });
    if (status >= 500)
      return new ProviderFailure(provider, 'server', `${name} failed with a server error (${status}): ${message}`, {
        retryAfterMs: retryAfter,
        status,
      });
    if (status === 401 || status === 403)
      return new ProviderFailure(provider, 'client', `${name} refused the API key (${status}).`, { status });
    return new ProviderFailure(provider, 'client', `${name} refused the request (${status}): ${message}`, { status });
  }
  if (record.name === 'SyntaxError') return new ProviderFailure(provider, 'malformed', `${name} sent a reply that is not valid JSON.`);
  const code = causeCode(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EAI_AGAIN') {
    return new ProviderFailure(provider, 'unreachable', `${name} is not reachable (${code}).`);
  }
  if (record.name === 'APIConnectionTimeoutError') return new ProviderFailure(provider, 'timeout', `${name} did not answer in time.`);
  if (
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    /terminated|other side closed|socket hang up|Did not receive done/i.test(message)
  ) {
    return new ProviderFailure(provider, 'dropped', `${name} closed the connection before the answer was complete.`);
  }
  if (record.name === 'APIConnectionError' || /fetch failed/i.test(message))
    return new ProviderFailure(provider, 'unreachable', `${name} is not reachable: ${message}`);
  return new ProviderFailure(provider, 'server', `${name} failed: ${message}`);
}
