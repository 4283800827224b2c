import { forwardPublicEvents, type EventSubscriber } from '../../src-shared/event-streams';
import { eventChannel } from './ipc-channels';

/** The part of the engine's event bus the forwarder reads. */
export type EventSourceLike = EventSubscriber;

/** The part of a `WebContents` the forwarder writes to. */
export interface EventTargetLike {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/**
 * Forwards every public engine event to one window until the returned function is called; internal
 * events (`internalEventSchemas` in the contract) never reach a window.
 */
export function forwardEvents(source: EventSourceLike, target: EventTargetLike): () => void {
  return forwardPublicEvents(source, (type, payload) => {
    if (!target.isDestroyed()) target.send(eventChannel(type), payload);
  });
}
