import type { PublicEventType, SocketMessage, SocketRequest } from '../../src-shared/contract';

type RawListener = (payload: unknown) => void;

/** The WebSocket an engine event arrives on; only what `connect` needs, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
}

const openState = 1;

/**
 * One WebSocket for every event listener of the page. It subscribes to exactly the event types
 * someone listens to, and reconnects with a growing delay (capped) when the server goes away.
 */
export function createEventSocket(
  connect: () => SocketLike,
  schedule: (run: () => void, ms: number) => void = (run, ms) => void setTimeout(run, ms),
) {
  const listeners = new Map<PublicEventType, Set<RawListener>>();
  let socket: SocketLike | undefined;
  let retryMs = 250;

  const send = (type: SocketRequest['type'], events: PublicEventType[]) => {
    if (socket?.readyState === openState && events.length > 0) socket.send(JSON.stringify({ type, events } satisfies SocketRequest));
  };

  function open(): void {
    const current = connect();
    socket = current;
    current.onopen = () => {
      retryMs = 250;
      send('subscribe', [...listeners.keys()]);
    };
    current.onmessage = (message) => {
      let parsed: SocketMessage;
      try {
        parsed = JSON.parse(String(message.data)) as SocketMessage;
      } catch {
        return;
      }
      if (parsed?.type !== 'event') return;
      for (const listener of listeners.get(parsed.event) ?? []) listener(parsed.payload);
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = undefined;
      if (listeners.size === 0) return;
      schedule(open, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  }

  return {
    on(type: PublicEventType, listener: RawListener): () => void {
      let set = listeners.get(type);
      if (!set) {
        set = new Set();
        listeners.set(type, set);
        if (!socket) open();
        else send('subscribe', [type]);
      }
      set.add(listener);
      return () => {
        const current = listeners.get(type);
        if (!current?.delete(listener) || current.size > 0) return;
        listeners.delete(type);
        send('unsubscribe', [type]);
      };
    },
    close(): void {
      listeners.clear();
      const current = socket;
      socket = undefined;
      current?.close();
    },
  };
}
