import { describe, expect, it } from 'vitest';
import { createEventSocket, type SocketLike } from '../../../src-renderer/api/event-socket';

/** A socket the test opens, closes and feeds by hand, recording what the client sent. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

describe('createEventSocket', () => {
  it('subscribes to the types listened to, delivers their events, and unsubscribes the last listener', () => {
    const sockets: FakeSocket[] = [];
    const events = createEventSocket(() => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    });
    const tokens: unknown[] = [];
    const stop = events.on('answer.token', (payload) => tokens.push(payload));
    const socket = sockets[0]!;
    socket.open();
    expect(socket.sent).toEqual([{ type: 'subscribe', events: ['answer.token'] }]);

    socket.receive({ type: 'event', event: 'answer.token', payload: { answerId: 'a', delta: 'Hi' } });
    socket.receive({ type: 'event', event: 'ingest.done', payload: {} });
    socket.receive({ type: 'subscribed', events: ['answer.token'] });
    expect(tokens).toEqual([{ answerId: 'a', delta: 'Hi' }]);

    stop();
    expect(socket.sent.at(-1)).toEqual({ type: 'unsubscribe', events: ['answer.token'] });
  });

  it('reconnects after the server goes away and subscribes again', () => {
    const sockets: FakeSocket[] = [];
    const scheduled: number[] = [];
    const events = createEventSocket(
      () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
      (run, ms) => {
        scheduled.push(ms);
        run();
      },
    );
    events.on('ingest.progress', () => undefined);
    sockets[0]!.open();
    sockets[0]!.close();
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(sockets[1]!.sent).toEqual([{ type: 'subscribe', events: ['ingest.progress'] }]);
    sockets[1]!.close();
    expect(scheduled).toEqual([250, 250]);
  });
});
