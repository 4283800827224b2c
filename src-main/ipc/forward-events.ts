import { eventTypes, type EventPayload, type EventType } from '../../src-shared/contract';
import { eventChannel } from './ipc-channels';

/** The part of the engine's event bus the forwarder reads. */
export interface EventSourceLike {
  on<T extends EventType>(type: T, listener: (payload: EventPayload<T>) => void): () => void;
}

/** The part of a `WebContents` the forwarder writes to. */
export interface EventTargetLike {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Forwards every engine event to one window until the returned function is called. */
export function forwardEvents(source: EventSourceLike, target: EventTargetLike): () => void {
  const unsubscribers = eventTypes.map((type) =>
    source.on(type, (payload) => {
      if (!target.isDestroyed()) target.send(eventChannel(type), payload);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
