import { describe, expect, it } from 'vitest';
import { createEngineEvents } from '../../../src-main/engine/events';
import { forwardEvents } from '../../../src-main/ipc/forward-events';
import { eventChannel } from '../../../src-main/ipc/ipc-channels';

describe('forwardEvents', () => {
  it('sends each engine event to the window on its own channel until stopped', () => {
    const events = createEngineEvents();
    const sent: [string, unknown][] = [];
    let destroyed = false;
    const stop = forwardEvents(events, { isDestroyed: () => destroyed, send: (channel, payload) => sent.push([channel, payload]) });

    events.emit('answer.token', { answerId: 'a', delta: 'Hello ' });
    destroyed = true;
    events.emit('answer.token', { answerId: 'a', delta: 'lost' });
    destroyed = false;
    stop();
    events.emit('answer.token', { answerId: 'a', delta: 'after stop' });

    expect(sent).toEqual([[eventChannel('answer.token'), { answerId: 'a', delta: 'Hello ' }]]);
  });

  it('never forwards an internal event such as provider.call, and forwards every public one', () => {
    const events = createEngineEvents();
    const sent: string[] = [];
    const stop = forwardEvents(events, { isDestroyed: () => false, send: (channel) => sent.push(channel) });
    events.emit('provider.call', {
      provider: 'openai',
      endpoint: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      kind: 'chat',
      bytesSent: 2048,
      attempts: 1,
      outcome: 'ok',
      durationMs: 120,
    });
    events.emit('answer.token', { answerId: 'a', delta: 'x' });
    events.emit('answer.error', { answerId: 'a', code: 'cancelled', message: 'The answer was stopped.', partial: 'x' });
    stop();
    expect(sent).toEqual([eventChannel('answer.token'), eventChannel('answer.error')]);
    expect(sent.some((channel) => channel.includes('provider.call'))).toBe(false);
  });
});
