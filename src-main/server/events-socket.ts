import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { SocketRequest, type PublicEventType, type SocketMessage } from '../../src-shared/contract';
import { forwardPublicEvents, type EventSubscriber } from '../../src-shared/event-streams';
import { describeZodError } from './http-errors';

export { SocketRequest } from '../../src-shared/contract';

/** A socket this far behind is too slow to follow token streams; it gets dropped events, not unbounded memory. */
const maxBufferedBytes = 8 * 1024 * 1024;

/**
 * `GET /api/events` (WebSocket): the engine's public events, filtered by what the client subscribed
 * to (the contract's `SocketRequest` names only public events; internal ones are never subscribed to).
 * The upgrade request passes through the same Host, Origin and token checks as any API call.
 */
export function registerEventSocket(app: FastifyInstance, events: EventSubscriber): void {
  app.get('/api/events', { websocket: true }, (socket: WebSocket) => {
    const subscribed = new Set<PublicEventType>();
    const send = (message: SocketMessage) => socket.send(JSON.stringify(message));
    const stop = forwardPublicEvents(events, (type, payload) => {
      if (!subscribed.has(type) || socket.readyState !== socket.OPEN || socket.bufferedAmount > maxBufferedBytes) return;
      send({ type: 'event', event: type, payload } as SocketMessage);
    });
    socket.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        send({ type: 'error', error: { code: 'validation', message: 'Messages must be JSON.' } });
        return;
      }
      const request = SocketRequest.safeParse(parsed);
      if (!request.success) {
        send({ type: 'error', error: { code: 'validation', message: describeZodError(request.error) } });
        return;
      }
      for (const type of request.data.events) {
        if (request.data.type === 'subscribe') subscribed.add(type);
        else subscribed.delete(type);
      }
      // The acknowledgement tells the client from when on it will not miss an event.
      send({ type: 'subscribed', events: [...subscribed] });
    });
    socket.on('close', stop);
  });
}
