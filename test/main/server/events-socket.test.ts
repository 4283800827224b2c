import { createEngineEvents } from '../../../src-main/engine/events';
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON from the wire; the assertions check its shape */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { publicEventTypes } from '../../../src-shared/contract';
import { startHarness, type Harness } from '../../helpers/server-harness';

let harness: Harness;
const bus = createEngineEvents();
beforeAll(async () => {
  harness = await startHarness({}, true, { events: bus });
});
afterAll(async () => {
  await harness.close();
});

/** A socket client that queues what it receives so a test can wait for the next message of a kind. */
async function connect(): Promise<{ socket: WebSocket; next: (predicate: (m: any) => boolean) => Promise<any>; received: any[] }> {
  const socket = new WebSocket(`${harness.server.url.replace('http', 'ws')}/api/events`, {
    headers: { authorization: `Bearer ${harness.server.token}` },
  });
  const received: any[] = [];
  const waiting: { predicate: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    received.push(message);
    for (const waiter of waiting.splice(0)) {
      if (waiter.predicate(message)) waiter.resolve(message);
      else waiting.push(waiter);
    }
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = (predicate: (m: any) => boolean) =>
    new Promise<any>((resolve) => {
      waiting.push({ predicate, resolve });
    });
  return { socket, next, received };
}

describe('WebSocket /api/events', () => {
  it('sends the events a client subscribed to, and stops after unsubscribe', async () => {
    const client = await connect();
    const ack = client.next((m) => m.type === 'subscribed');
    client.socket.send(JSON.stringify({ type: 'subscribe', events: ['answer.token', 'answer.done'] }));
    expect((await ack).events.sort()).toEqual(['answer.done', 'answer.token']);

    const firstDone = client.next((m) => m.event === 'answer.done');
    const { body } = await harness.rpc('answer.ask', { question: 'What is flutter?' });
    const done = await firstDone;
    expect(done.payload.answerId).toBe(body.value.answerId);
    const tokens = client.received.filter((m) => m.event === 'answer.token' && m.payload.answerId === body.value.answerId);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.map((m) => m.payload.delta).join('')).toBe(done.payload.answer);

    const unsubscribed = client.next((m) => m.type === 'subscribed');
    client.socket.send(JSON.stringify({ type: 'unsubscribe', events: ['answer.token'] }));
    expect((await unsubscribed).events).toEqual(['answer.done']);
    const secondDone = client.next((m) => m.event === 'answer.done');
    const second = await harness.rpc('answer.ask', { question: 'What does the swept wing delay?' });
    await secondDone;
    expect(client.received.some((m) => m.event === 'answer.token' && m.payload.answerId === second.body.value.answerId)).toBe(false);
    expect(client.received.some((m) => m.event === 'ingest.progress')).toBe(false);
    client.socket.close();
  });

  it('answers a malformed message with a validation error and keeps the socket open', async () => {
    const client = await connect();
    const error = client.next((m) => m.type === 'error');
    client.socket.send(JSON.stringify({ type: 'subscribe', events: ['no.such.event'] }));
    expect((await error).error.code).toBe('validation');
    const notJson = client.next((m) => m.type === 'error');
    client.socket.send('{nope');
    expect((await notJson).error.message).toMatch(/JSON/);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
  });

  it('never sends the internal provider.call, not even to a client subscribed to every event it may name', async () => {
    const client = await connect();
    const refused = client.next((m) => m.type === 'error');
    client.socket.send(JSON.stringify({ type: 'subscribe', events: ['provider.call'] }));
    expect((await refused).error.code).toBe('validation');
    const ack = client.next((m) => m.type === 'subscribed');
    client.socket.send(JSON.stringify({ type: 'subscribe', events: publicEventTypes }));
    expect((await ack).events).toHaveLength(publicEventTypes.length);

    bus.emit('provider.call', {
      provider: 'openai',
      endpoint: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      kind: 'chat',
      bytesSent: 4096,
      attempts: 1,
      outcome: 'ok',
      durationMs: 80,
    });
    // Sent after the internal event on the same socket: once it arrives, the internal one would have too.
    const marker = client.next((m) => m.event === 'answer.token' && m.payload.answerId === 'marker');
    bus.emit('answer.token', { answerId: 'marker', delta: 'x' });
    await marker;
    expect(client.received.filter((m) => m.type === 'event').map((m) => m.event)).toEqual(['answer.token']);
    client.socket.close();
  });
});
