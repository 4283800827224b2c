import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  channels,
  contract,
  eventTypes,
  isPublicEvent,
  publicEventSchemas,
  publicEventTypes,
  streamNames,
  streams,
} from '../../src-shared/contract';
import { errorCodes } from '../../src-shared/errors';

const shapeOf = (schema: z.ZodType) => (schema as unknown as z.ZodObject).shape;

describe('the stream table', () => {
  it('starts each stream with the channel of the same name, whose input and output it shares', () => {
    for (const name of streamNames) {
      expect(channels).toContain(name);
      expect(streams[name].input).toBe(contract[name].input);
      expect(streams[name].started).toBe(contract[name].output);
    }
  });

  it('ties every event of a stream to its call: the key is a string in the started value and in each payload', () => {
    for (const name of streamNames) {
      const { key, events, terminal, started } = streams[name];
      expect(shapeOf(started)[key], `${name} started.${key}`).toBeInstanceOf(z.ZodString);
      for (const type of events) expect(shapeOf(publicEventSchemas[type])[key], `${type}.${key}`).toBeInstanceOf(z.ZodString);
      expect(terminal.length).toBeGreaterThan(0);
      for (const type of terminal) expect(events).toContain(type);
    }
  });

  it("cancels through a channel that takes the stream's key, or not at all", () => {
    for (const name of streamNames) {
      const { cancel, key } = streams[name];
      if (cancel === null) continue;
      expect(contract[cancel].input.safeParse({ [key]: 'some-id' }).success).toBe(true);
    }
  });
});

describe('public and internal events', () => {
  it('marks the metrics-only events internal (provider.call, search.done, audit.recorded) and every other event public', () => {
    expect(isPublicEvent('provider.call')).toBe(false);
    expect(publicEventTypes).not.toContain('provider.call');
    expect(eventTypes.filter((type) => !isPublicEvent(type)).sort()).toEqual(['audit.recorded', 'provider.call', 'search.done']);
  });

  it("types answer.error's code as one of the error codes", () => {
    const error = publicEventSchemas['answer.error'];
    expect(error.safeParse({ answerId: 'a', code: 'cancelled', message: 'Stopped.', partial: '' }).success).toBe(true);
    expect(error.safeParse({ answerId: 'a', code: 'oops', message: 'Stopped.', partial: '' }).success).toBe(false);
    expect(errorCodes).toContain('provider-unreachable');
  });
});
