import type { CallInput, Channel, Envelope, EventPayload, PublicEventType } from './contract';

/**
 * What the Electron preload exposes on `window.quarry`: contract calls, the contract's public events, and the
 * one thing a sandboxed renderer cannot do itself — learn the path of a file dropped on it.
 */
export interface QuarryBridge {
  invoke<C extends Channel>(channel: C, input: CallInput<C>): Promise<Envelope<unknown>>;
  on<T extends PublicEventType>(type: T, listener: (payload: EventPayload<T>) => void): () => void;
  pathForFile(file: File): string;
}
