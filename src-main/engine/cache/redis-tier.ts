import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CacheCounters } from './cache-stats';

export interface RedisTierOptions {
  readonly url: string;
  /** Prefix of every key, so several teams or apps can share one server. */
  readonly namespace: string;
  /** Longest a question waits for Redis; past it the tier is skipped for that call. */
  readonly timeoutMs: number;
  /**
   * Longest the first call waits for the initial connection (one-shot hosts such as the CLI ask right
   * after starting); later calls never wait for a reconnect.
   */
  readonly connectWaitMs?: number;
}

const logEveryMs = 60_000;

export interface RedisTier {
  status: () => string;
  /** The shared answer JSON under this key, or null on a miss or when Redis was skipped. */
  get(key: string): Promise<string | null>;
  /** Writes in the background: the question that produced the answer does not wait for it. */
  set(key: string, json: string, ttlMs: number): void;
  /** Lets writes in flight finish (each is bounded by the timeout), then disconnects. */
  close(): Promise<void>;
}

/**
 * The optional team tier: answers read from and written to Redis under namespaced keys. Redis being
 * slow or down never fails a question: every call is bounded by `timeoutMs`, then skipped and counted.
 * Commands are not queued while disconnected (they would pile up and arrive late); ioredis keeps
 * reconnecting in the background.
 */
export function createRedisTier(options: RedisTierOptions, counters: CacheCounters, logger: Logger): RedisTier {
  const client = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: Math.max(options.timeoutMs * 4, 200),
    retryStrategy: (attempt) => Math.min(attempt * 250, 5000),
  });
  const pendingWrites = new Set<Promise<unknown>>();
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastLogged < logEveryMs) return;
    lastLogged = now;
    logger.warn({ err: error, status: client.status }, 'team cache (Redis) unavailable; answers skip it until it is back');
  });

  // The version names the stored format, so a later format never reads an older one's values.
  const keyOf = (key: string) => `${options.namespace}:answer:v1:${key}`;

  let connectedOnce = false;
  client.once('ready', () => (connectedOnce = true));

  /** Resolves once the client is ready, or false when it is not ready and will not be soon. */
  function ready(deadline: Promise<false>): Promise<boolean> {
    if (client.status === 'ready') return Promise.resolve(true);
    if (connectedOnce || (client.status !== 'connecting' && client.status !== 'connect' && client.status !== 'wait'))
      return Promise.resolve(false);
    return Promise.race([new Promise<boolean>((resolve) => client.once('ready', () => resolve(true))), deadline]);
  }

  /** Runs one command within the time budget; undefined when skipped (slow, down or failed). */
  async function bounded<T>(command: () => Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const budget = connectedOnce ? options.timeoutMs : Math.max(options.timeoutMs, options.connectWaitMs ?? 0);
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), budget);
    });
    try {
      if (!(await ready(deadline))) {
        counters.add('redis_skipped');
        return undefined;
      }
      const running = command();
      running.catch(() => undefined);
      const outcome = await Promise.race([running.then((value) => ({ value })), deadline]);
      if (outcome === false) {
        counters.add('redis_skipped');
        return undefined;
      }
      return outcome.value;
    } catch (error) {
      counters.add('redis_errors');
      counters.add('redis_skipped');
      if (Date.now() - lastLogged >= logEveryMs) {
        lastLogged = Date.now();
        logger.warn({ err: error }, 'team cache (Redis) call failed; skipped');
      }
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    status: (): string => client.status,
    /** The shared answer JSON under this key, or null on a miss or when Redis was skipped. */
    async get(key: string): Promise<string | null> {
      return (await bounded(() => client.get(keyOf(key)))) ?? null;
    },
    /** Writes in the background: the question that produced the answer does not wait for it. */
    set(key: string, json: string, ttlMs: number): void {
      const write = bounded(() => client.set(keyOf(key), json, 'PX', Math.max(1, Math.round(ttlMs))));
      pendingWrites.add(write);
      void write.finally(() => pendingWrites.delete(write));
    },
    /** Lets writes in flight finish (each is bounded by the timeout), then disconnects. */
    async close(): Promise<void> {
      await Promise.allSettled([...pendingWrites]);
      client.disconnect();
    },
  };
}
