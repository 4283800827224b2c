import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { ProviderState } from '../../../src-shared/schemas/providers';
import type { ChatCallbacks, ChatOutcome, ChatProvider, ChatRequest, EmbedOutcome } from './chat-provider';
import { ProviderFailure, classifyProviderError } from './provider-errors';

export interface ResilienceOptions {
  readonly timeouts: { readonly connectMs: number; readonly firstTokenMs: number; readonly totalMs: number };
  /** Requests running at once; more wait in a queue of `queueLimit`, beyond that they are refused. */
  readonly maxConcurrent: number;
  readonly queueLimit: number;
  /** Extra attempts after the first, for transient failures before the first token only. */
  readonly maxRetries: number;
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  /** A Retry-After longer than this is not waited for: the next provider answers instead. */
  readonly maxRetryAfterMs: number;
  /** Consecutive failures that open the circuit. */
  readonly breakerThreshold: number;
  readonly halfOpenAfterMs: number;
}

export const defaultResilience: Omit<ResilienceOptions, 'timeouts' | 'maxConcurrent'> = {
  queueLimit: 32,
  maxRetries: 2,
  backoffInitialMs: 200,
  backoffMaxMs: 5000,
  maxRetryAfterMs: 10_000,
  breakerThreshold: 5,
  halfOpenAfterMs: 30_000,
};

export interface ResilientChatOutcome extends ChatOutcome {
  readonly attempts: number;
  /** From the start of the call to the first token, ms. */
  readonly firstTokenMs: number | null;
}

export interface StateChange {
  readonly state: ProviderState;
  readonly previous: ProviderState;
  readonly reason: string;
}

/**
 * Waits what the server's Retry-After asks when it sent one, else exponential backoff with
 * decorrelated jitter (cockatiel's default generator).
 */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly inner: IBackoffFactory<unknown>) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const following = this.inner.next(context);
    const failure = 'error' in context.result ? context.result.error : undefined;
    const hinted = failure instanceof ProviderFailure ? failure.retryAfterMs : null;
    return { duration: hinted ?? following.duration, next: (c) => new RetryAfterBackoff(following).next(c) };
  }
}

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * Wraps a provider in timeouts (connect, first token, whole answer), retries with backoff on transient
 * failures before the first token, a circuit breaker and a bound on concurrent requests; tracks its
 * health as healthy / degraded / open / unreachable and reports each change.
 */
/** What one call cost and how it ended, reported to the monitor (metrics, audit of text sent out). */
export interface ProviderCallReport {
  readonly provider: string;
  readonly endpoint: string;
  readonly model: string;
  readonly kind: 'chat' | 'embed';
  readonly bytesSent: number;
  readonly attempts: number;
  /** `ok`, or the failure kind (`timeout`, `unreachable`, `cancelled`…). */
  readonly outcome: string;
  readonly durationMs: number;
}

const utf8 = new TextEncoder();
const bytesOf = (texts: readonly string[]) => texts.reduce((sum, text) => sum + utf8.encode(text).length, 0);

export interface ResilientProvider {
  id: 'ollama' | 'openai';
  endpoint: string;
  raw: ChatProvider;
  state: () => 'healthy' | 'degraded' | 'open' | 'unreachable' | 'disabled';
  lastError: () => string | null;
  inFlight: () => number;
  firstTokenMs: () => number | null;
  setDisabled(value: boolean): void;
  /** Streams an answer; retried (before the first token only) and bounded as configured. */
  chat(request: ChatRequest, callbacks: Pick<ChatCallbacks, 'signal' | 'onToken'>): Promise<ResilientChatOutcome>;
  /** Embeds one batch with the same retries, breaker and bound; the whole-answer timeout bounds each try. */
  embed(model: string, texts: readonly string[], signal?: AbortSignal): Promise<EmbedOutcome>;
  /** A health check (models and version) with the connect timeout; it moves the state, not the breaker. */
  probe(signal?: AbortSignal): Promise<{
    models: {
      provider: 'ollama' | 'openai';
      model: string;
      kind: 'chat' | 'embedding';
      contextWindow: number;
      tier: 'small' | 'medium' | 'large';
      remote: boolean;
      inputPrice: number;
      outputPrice: number;
    }[];
    version: string | null;
  }>;
}

export function createResilientProvider(
  raw: ChatProvider,
  options: ResilienceOptions,
  onStateChange: (change: StateChange) => void = () => undefined,
  onCall: (report: ProviderCallReport) => void = () => undefined,
): ResilientProvider {
  const breaker = circuitBreaker(
    handleWhen((error) => error instanceof ProviderFailure && error.countsAgainstHealth),
    { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.breakerThreshold) },
  );
  const limiter = bulkhead(options.maxConcurrent, options.queueLimit);
  const retryPolicy = retry(
    handleWhen((error) => error instanceof ProviderFailure && error.retryable && (error.retryAfterMs ?? 0) <= options.maxRetryAfterMs),
    {
      maxAttempts: options.maxRetries,
      backoff: new RetryAfterBackoff(new ExponentialBackoff({ initialDelay: options.backoffInitialMs, maxDelay: options.backoffMaxMs })),
    },
  );
  const chatPolicy = wrap(breaker, limiter);

  let state: ProviderState = 'healthy';
  let disabled = false;
  let lastError: string | null = null;
  let unreachableSince: number | null = null;
  let inFlight = 0;
  const recent: { ok: boolean; retried: boolean }[] = [];
  const firstTokens: number[] = [];

  function computeState(): ProviderState {
    if (disabled) return 'disabled';
    if (unreachableSince !== null) return 'unreachable';
    if (breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated) return 'open';
    if (breaker.state === CircuitState.HalfOpen) return 'degraded';
    return recent.slice(-5).some((r) => !r.ok || r.retried) ? 'degraded' : 'healthy';
  }

  function refreshState(reason: string): void {
    const next = computeState();
    if (next === state) return;
    const previous = state;
    state = next;
    onStateChange({ state: next, previous, reason });
  }

  function record(ok: boolean, retried: boolean, failure?: ProviderFailure): void {
    if (failure?.kind === 'cancelled' || failure?.kind === 'client') return;
    recent.push({ ok, retried });
    if (recent.length > 20) recent.shift();
    if (ok) unreachableSince = null;
    else if (failure?.kind === 'unreachable') unreachableSince ??= Date.now();
    if (failure) lastError = failure.message;
    refreshState(failure ? failure.message : retried ? 'answered after retrying' : 'answered');
  }
  breaker.onStateChange(() =>
    refreshState(breaker.state === CircuitState.Open ? 'too many failures in a row; calls are paused' : 'trying again after a pause'),
  );

  function toFailure(error: unknown): ProviderFailure {
    if (error instanceof BrokenCircuitError)
      return new ProviderFailure(raw.id, 'open', `${raw.id === 'ollama' ? 'Ollama' : 'OpenAI'} is paused after repeated failures.`);
    if (error instanceof BulkheadRejectedError)
      return new ProviderFailure(raw.id, 'busy', 'Too many requests are waiting for this provider.');
    return classifyProviderError(raw.id, error);
  }

  /** One try: its own abort controller, so a timeout cancels the HTTP request it belongs to. */
  async function attempt(
    request: ChatRequest,
    callbacks: Pick<ChatCallbacks, 'signal' | 'onToken'>,
    startedAt: number,
    onFirstToken: () => void,
  ): Promise<ChatOutcome> {
    const controller = new AbortController();
    const forward = () => controller.abort(callbacks.signal.reason);
    callbacks.signal.addEventListener('abort', forward, { once: true });
    const timeout = (what: string) => () =>
      controller.abort(new ProviderFailure(raw.id, 'timeout', `${raw.id === 'ollama' ? 'Ollama' : 'OpenAI'} ${what}.`));
    const connectTimer = setTimeout(timeout(`did not connect within ${options.timeouts.connectMs} ms`), options.timeouts.connectMs);
    const firstTimer = setTimeout(timeout(`sent no token within ${options.timeouts.firstTokenMs} ms`), options.timeouts.firstTokenMs);
    const totalTimer = setTimeout(
      timeout(`did not finish the answer within ${options.timeouts.totalMs} ms`),
      Math.max(0, startedAt + options.timeouts.totalMs - Date.now()),
    );
    let streamed = false;
    try {
      return await raw.chat(request, {
        signal: controller.signal,
        onConnected: () => clearTimeout(connectTimer),
        onToken: (delta) => {
          if (!streamed) {
            streamed = true;
            clearTimeout(firstTimer);
            onFirstToken();
          }
          callbacks.onToken(delta);
        },
      });
    } catch (error) {
      if (callbacks.signal.aborted) throw new ProviderFailure(raw.id, 'cancelled', 'The answer was stopped.');
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      const failure = classifyProviderError(raw.id, reason);
      throw streamed ? failure.midStream() : failure;
    } finally {
      clearTimeout(connectTimer);
      clearTimeout(firstTimer);
      clearTimeout(totalTimer);
      callbacks.signal.removeEventListener('abort', forward);
    }
  }

  return {
    id: raw.id,
    endpoint: raw.endpoint,
    raw,
    state: () => state,
    lastError: () => lastError,
    inFlight: () => inFlight,
    firstTokenMs: () => median(firstTokens),
    setDisabled(value: boolean): void {
      disabled = value;
      refreshState(value ? 'turned off' : 'turned on');
    },

    /** Streams an answer; retried (before the first token only) and bounded as configured. */
    async chat(request: ChatRequest, callbacks: Pick<ChatCallbacks, 'signal' | 'onToken'>): Promise<ResilientChatOutcome> {
      const startedAt = Date.now();
      let attempts = 0;
      let firstTokenMs: number | null = null;
      let outcomeKind = 'ok';
      inFlight += 1;
      try {
        const outcome = await retryPolicy.execute(async () => {
          attempts += 1;
          try {
            return await chatPolicy.execute(() =>
              attempt(request, callbacks, startedAt, () => {
                firstTokenMs = Date.now() - startedAt;
              }),
            );
          } catch (error) {
            const failure = toFailure(error);
            throw Date.now() - startedAt >= options.timeouts.totalMs ? failure.final() : failure;
          }
        }, callbacks.signal);
        if (firstTokenMs !== null) {
          firstTokens.push(firstTokenMs);
          if (firstTokens.length > 20) firstTokens.shift();
        }
        record(true, attempts > 1);
        return { ...outcome, attempts, firstTokenMs };
      } catch (error) {
        const failure = callbacks.signal.aborted ? new ProviderFailure(raw.id, 'cancelled', 'The answer was stopped.') : toFailure(error);
        record(false, attempts > 1, failure);
        outcomeKind = failure.kind;
        throw failure;
      } finally {
        inFlight -= 1;
        const sent = attempts > 0 ? bytesOf(request.messages.map((message) => message.content)) : 0;
        onCall({
          provider: raw.id,
          endpoint: raw.endpoint,
          model: request.model,
          kind: 'chat',
          bytesSent: sent,
          attempts,
          outcome: outcomeKind,
          durationMs: Date.now() - startedAt,
        });
      }
    },

    /** Embeds one batch with the same retries, breaker and bound; the whole-answer timeout bounds each try. */
    async embed(model: string, texts: readonly string[], signal?: AbortSignal): Promise<EmbedOutcome> {
      let attempts = 0;
      const startedAt = Date.now();
      let outcomeKind = 'ok';
      try {
        const outcome = await retryPolicy.execute(async () => {
          attempts += 1;
          const timeoutSignal = AbortSignal.timeout(options.timeouts.totalMs);
          const combined = signal ? AbortSignal.any([signal, timeoutSignal]) : timeoutSignal;
          try {
            return await chatPolicy.execute(() => raw.embed(model, texts, combined));
          } catch (error) {
            if (timeoutSignal.aborted && !signal?.aborted)
              throw new ProviderFailure(raw.id, 'timeout', `Embedding took longer than ${options.timeouts.totalMs} ms.`);
            throw toFailure(error);
          }
        }, signal);
        record(true, attempts > 1);
        return outcome;
      } catch (error) {
        const failure = toFailure(error);
        record(false, attempts > 1, failure);
        outcomeKind = failure.kind;
        throw failure;
      } finally {
        const sent = attempts > 0 ? bytesOf(texts) : 0;
        onCall({
          provider: raw.id,
          endpoint: raw.endpoint,
          model,
          kind: 'embed',
          bytesSent: sent,
          attempts,
          outcome: outcomeKind,
          durationMs: Date.now() - startedAt,
        });
      }
    },

    /** A health check (models and version) with the connect timeout; it moves the state, not the breaker. */
    async probe(signal?: AbortSignal) {
      // A few requests in a row (list, one look-up per model, version): more than one connect's time.
      const probeMs = Math.max(options.timeouts.connectMs * 3, 5000);
      const timeoutSignal = AbortSignal.timeout(probeMs);
      const combined = signal ? AbortSignal.any([signal, timeoutSignal]) : timeoutSignal;
      try {
        const [models, version] = await Promise.all([raw.listModels(combined), raw.version(combined)]);
        unreachableSince = null;
        refreshState('reachable');
        return { models, version };
      } catch (error) {
        const failure = timeoutSignal.aborted
          ? new ProviderFailure(raw.id, 'unreachable', `No answer within ${probeMs} ms.`)
          : toFailure(error);
        lastError = failure.message;
        if (failure.kind === 'unreachable' || failure.kind === 'timeout') unreachableSince ??= Date.now();
        refreshState(failure.message);
        throw failure;
      }
    },
  };
}
