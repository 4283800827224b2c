import { describe, expect, it } from 'vitest';
import { streams, type EventPayload, type EventType, type PublicEventType } from '../../src-shared/contract';
import { demultiplex, forwardPublicEvents, startStream, type EventSubscriber } from '../../src-shared/event-streams';

/** A bus like the engine's: listeners per type, called synchronously in order; counts who listens. */
function fakeBus() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const bus = {
    on(type: string, listener: (payload: unknown) => void) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit<T extends EventType>(type: T, payload: EventPayload<T>) {
      for (const listener of [...(listeners.get(type) ?? [])]) listener(payload);
    },
    listening: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
  };
  return bus as typeof bus & EventSubscriber;
}

const token = (answerId: string, delta: string) => ({ answerId, delta });
const failed = (answerId: string) => ({ answerId, code: 'provider-error' as const, message: 'The model failed.', partial: 'Par' });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const item of iterable) seen.push(item);
  return seen;
}

describe('demultiplex', () => {
  it("yields only the call's own events, in order, and ends (unsubscribed) after its terminal event", async () => {
    const bus = fakeBus();
    const events = demultiplex(bus, streams['answer.ask'], 'a');
    expect(bus.listening()).toBe(3);
    bus.emit('answer.token', token('b', 'other '));
    bus.emit('answer.token', token('a', 'Hel'));
    bus.emit('answer.token', token('a', 'lo'));
    bus.emit('answer.error', failed('b'));
    bus.emit('answer.error', failed('a'));
    bus.emit('answer.token', token('a', 'after the end'));
    expect(bus.listening()).toBe(0);
    expect(await collect(events)).toEqual([
      { type: 'answer.token', payload: token('a', 'Hel') },
      { type: 'answer.token', payload: token('a', 'lo') },
      { type: 'answer.error', payload: failed('a') },
    ]);
  });

  it('keeps events that fire before the key is known and sorts them out when it arrives', async () => {
    const bus = fakeBus();
    let resolveKey!: (key: string) => void;
    const events = demultiplex(bus, streams['library.ingest'], new Promise<string>((resolve) => (resolveKey = resolve)));
    const progress = (jobId: string, filesDone: number) => ({ jobId, filesDone }) as unknown as EventPayload<'ingest.progress'>;
    bus.emit('ingest.progress', progress('j1', 1));
    bus.emit('ingest.progress', progress('j2', 1));
    const reading = collect(events);
    resolveKey('j1');
    await Promise.resolve();
    bus.emit('ingest.done', progress('j2', 2));
    bus.emit('ingest.done', progress('j1', 2));
    expect(await reading).toEqual([
      { type: 'ingest.progress', payload: progress('j1', 1) },
      { type: 'ingest.done', payload: progress('j1', 2) },
    ]);
  });

  it('abandons the work once when the consumer leaves before the terminal event, and not after it', async () => {
    const bus = fakeBus();
    const abandoned: string[] = [];
    const events = demultiplex(bus, streams['answer.ask'], 'a', { onAbandon: (key) => abandoned.push(key) });
    bus.emit('answer.token', token('a', 'Hel'));
    for await (const event of events) {
      expect(event.type).toBe('answer.token');
      break; // the consumer goes away: return() is called
    }
    events.close();
    expect(abandoned).toEqual(['a']);
    expect(bus.listening()).toBe(0);

    const finished = demultiplex(bus, streams['answer.ask'], 'b', { onAbandon: (key) => abandoned.push(key) });
    bus.emit('answer.error', failed('b'));
    await collect(finished);
    finished.close();
    expect(abandoned).toEqual(['a']);
  });

  it('ends a waiting reader when its signal aborts, abandoning a call whose key comes later', async () => {
    const bus = fakeBus();
    const consumer = new AbortController();
    const abandoned: string[] = [];
    let resolveKey!: (key: string) => void;
    const events = demultiplex(bus, streams['answer.ask'], new Promise<string>((resolve) => (resolveKey = resolve)), {
      signal: consumer.signal,
      onAbandon: (key) => abandoned.push(key),
    });
    const waiting = events.next();
    consumer.abort();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(bus.listening()).toBe(0);
    expect(abandoned).toEqual([]);
    resolveKey('late');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(abandoned).toEqual(['late']);
  });

  it("ends with the call's error when the key never comes", async () => {
    const bus = fakeBus();
    const events = demultiplex(bus, streams['answer.ask'], Promise.reject(new Error('refused')));
    await expect(events.next()).rejects.toThrow('refused');
    expect(bus.listening()).toBe(0);
  });
});

describe('startStream', () => {
  it('subscribes before it starts the call, so an event emitted while the call runs is not missed', async () => {
    const bus = fakeBus();
    const { started, events } = startStream(bus, streams['answer.ask'], async () => {
      bus.emit('answer.token', token('a', 'early'));
      return { answerId: 'a', conversationId: 'c' };
    });
    expect(await started).toEqual({ answerId: 'a', conversationId: 'c' });
    bus.emit('answer.done', { answerId: 'a' } as EventPayload<'answer.done'>);
    expect((await collect(events)).map((event) => event.type)).toEqual(['answer.token', 'answer.done']);
  });

  it('rejects with the error of a call that fails, even one that throws before returning a promise', async () => {
    const bus = fakeBus();
    const { started, events } = startStream(bus, streams['answer.ask'], () => {
      throw new Error('bad input');
    });
    await expect(started).rejects.toThrow('bad input');
    await expect(events.next()).rejects.toThrow('bad input');
    expect(bus.listening()).toBe(0);
  });
});

describe('forwardPublicEvents', () => {
  it('forwards public events and never the internal provider.call', () => {
    const bus = fakeBus();
    const sent: PublicEventType[] = [];
    const stop = forwardPublicEvents(bus, (type) => sent.push(type));
    bus.emit('provider.call', {
      provider: 'ollama',
      endpoint: 'http://127.0.0.1:11434',
      model: 'llama3.2',
      kind: 'chat',
      bytesSent: 10,
      attempts: 1,
      outcome: 'ok',
      durationMs: 5,
    });
    bus.emit('answer.token', token('a', 'x'));
    stop();
    bus.emit('answer.token', token('a', 'after stop'));
    expect(sent).toEqual(['answer.token']);
    expect(bus.listening()).toBe(0);
  });
});
