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
});
