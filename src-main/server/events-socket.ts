import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { eventTypes, type EventType } from '../../src-shared/contract';
import type { Engine } from '../engine';
import { describeZodError } from './http-errors';

/** What a client sends on `/api/events`. */
export const SocketRequest = z.object({
  type: z.enum(['subscribe', 'unsubscribe']),
  events: z.array(z.enum(eventTypes as [EventType, ...EventType[]])),
});

/** A socket this far behind is too slow to follow token streams; it gets dropped events, not unbounded memory. */
const maxBufferedBytes = 8 * 1024 * 1024;

/**
 * `GET /api/events` (WebSocket): the engine's events, filtered by what the client subscribed to.
 * The upgrade request passes through the same Host, Origin and token checks as any API call.
 */
export function registerEventSocket(app: FastifyInstance, engine: Engine): void {
  app.get('/api/events', { websocket: true }, (socket: WebSocket) => {
    const subscribed = new Set<EventType>();
    const stop = engine.events.onAny((type, payload) => {
      if (!subscribed.has(type) || socket.readyState !== socket.OPEN || socket.bufferedAmount > maxBufferedBytes) return;
      socket.send(JSON.stringify({ type: 'event', event: type, payload }));
    });
    socket.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        socket.send(JSON.stringify({ type: 'error', error: { code: 'validation', message: 'Messages must be JSON.' } }));
        return;
      }
      const request = SocketRequest.safeParse(parsed);
      if (!request.success) {
        socket.send(JSON.stringify({ type: 'error', error: { code: 'validation', message: describeZodError(request.error) } }));
        return;
      }
      for (const type of request.data.events) {
        if (request.data.type === 'subscribe') subscribed.add(type);
        else subscribed.delete(type);
      }
      // The acknowledgement tells the client from when on it will not miss an event.
      socket.send(JSON.stringify({ type: 'subscribed', events: [...subscribed] }));
    });
    socket.on('close', stop);
  });
}
