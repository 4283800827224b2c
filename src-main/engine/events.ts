import { EventEmitter } from 'node:events';
import type { EventPayload, EventType } from '../../src-shared/contract';

export type Listener<T extends EventType> = (payload: EventPayload<T>) => void;
export type AnyListener = <T extends EventType>(type: T, payload: EventPayload<T>) => void;

/** The engine's typed event bus; hosts forward what they subscribe to (IPC, WebSocket, CLI). */
export interface EngineEvents {
  on<T extends EventType>(type: T, listener: Listener<T>): () => void;
  onAny(listener: AnyListener): () => void;
  emit<T extends EventType>(type: T, payload: EventPayload<T>): void;
}

export function createEngineEvents(): EngineEvents {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    on(type, listener) {
      emitter.on(type, listener);
      return () => emitter.off(type, listener);
    },
    onAny(listener) {
      const wrapped = (type: EventType, payload: EventPayload<EventType>) => listener(type, payload);
      emitter.on('*', wrapped);
      return () => emitter.off('*', wrapped);
    },
    emit(type, payload) {
      emitter.emit(type, payload);
      emitter.emit('*', type, payload);
    },
  };
}

/** The bus as hosts see it: they listen, only the engine emits. */
export type EventsSource = Pick<EngineEvents, 'on' | 'onAny'>;
