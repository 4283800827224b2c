import type { Logger } from 'pino';
import type { AlertChannel, AlertDelivery, ChannelKind } from '../../../src-shared/schemas/alerts';
import type { AlertStore } from './alert-store';
import { sendThroughChannel } from './notifiers/send';

export interface DeliveryWorkerDeps {
  readonly store: AlertStore;
  readonly channel: (id: string) => AlertChannel | undefined;
  readonly logger: Logger;
  /** First retry delay; each further retry doubles it (up to five minutes). */
  readonly baseDelayMs?: number;
  readonly maxAttempts?: number;
  /** A channel gets this long per attempt before it counts as failed. */
  readonly timeoutMs?: number;
  readonly onOutcome?: (channel: ChannelKind | 'unknown', outcome: 'sent' | 'retry' | 'failed') => void;
  readonly now?: () => number;
  readonly random?: () => number;
}

const maxDelayMs = 5 * 60_000;

/** Exponential backoff with ±20 % jitter, so many failing alerts do not retry in lockstep. */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const plain = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxDelayMs);
  return Math.round(plain * (0.8 + 0.4 * random()));
}

export interface DeliveryWorker {
  /** Looks for due deliveries now (after new ones were stored). */
  kick(): void;
  /** Resolves when nothing is being sent; for tests and orderly shutdown. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Sends pending deliveries in the background. Deliveries are rows, so retries survive a restart;
 * each send runs on its own promise with a timeout, so a slow channel holds up only itself, never
 * the sampler or a question.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const now = deps.now ?? Date.now;
  const baseDelayMs = deps.baseDelayMs ?? 2000;
  const maxAttempts = deps.maxAttempts ?? 5;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const inFlight = new Map<number, Promise<void>>();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  async function attempt(delivery: AlertDelivery): Promise<void> {
    const channel = deps.channel(delivery.channelId);
    const attempts = delivery.attempts + 1;
    try {
      if (!channel) throw new Error(`The channel "${delivery.channelId}" no longer exists.`);
      const event = deps.store.event(delivery.eventId);
      if (!event) throw new Error(`Alert event ${delivery.eventId} is gone.`);
      await sendThroughChannel(channel.config, event, AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]));
      if (closed) return;
      deps.store.markDelivered(delivery.id, attempts, now());
      deps.onOutcome?.(channel.config.kind, 'sent');
    } catch (error) {
      if (closed) return;
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = attempts >= maxAttempts || !channel;
      deps.store.markAttemptFailed(
        delivery.id,
        attempts,
        message,
        giveUp ? null : now() + backoffDelay(attempts, baseDelayMs, deps.random),
      );
      deps.onOutcome?.(channel?.config.kind ?? 'unknown', giveUp ? 'failed' : 'retry');
      deps.logger.warn(
        { deliveryId: delivery.id, channel: delivery.channelId, attempts, error: message },
        giveUp ? 'alert delivery failed' : 'alert delivery will be retried',
      );
    }
  }

  function schedule(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const next = deps.store.nextDueAt();
    if (next === null) return;
    timer = setTimeout(pump, Math.max(0, next - now()));
    timer.unref();
  }

  function pump(): void {
    if (closed) return;
    for (const delivery of deps.store.dueDeliveries(now(), 50)) {
      if (inFlight.has(delivery.id)) continue;
      const running = attempt(delivery).finally(() => {
        inFlight.delete(delivery.id);
        schedule();
      });
      inFlight.set(delivery.id, running);
    }
    schedule();
  }

  return {
    /** Looks for due deliveries now (after new ones were stored). */
    kick(): void {
      setImmediate(pump);
    },
    /** Resolves when nothing is being sent; for tests and orderly shutdown. */
    async settle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
    },
    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      controller.abort();
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
