import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent, StreamName } from '../../../src-shared/contract';
import { createBrowserClient } from '../../../src-renderer/api/browser-client';
import { ClientError } from '../../../src-renderer/api';
import { startHarness, type Harness } from '../../helpers/server-harness';
import { tempDir } from '../../helpers/temp';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

/** The browser client against the real server; a tab would send the cookie, this test sends the token. */
function client(fetchImpl?: typeof fetch) {
  const withToken: typeof fetch = (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${harness.server.token}` } });
  return createBrowserClient({ baseUrl: harness.server.url, fetch: fetchImpl ?? withToken });
}

/** Resolves with the stream's events once its terminal one arrived (or the connection was lost). */
function gather<S extends StreamName>() {
  const events: StreamEvent<S>[] = [];
  let lost: ClientError | undefined;
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  return {
    events,
    lost: () => lost,
    ended,
    listeners: {
      onEvent: (event: StreamEvent<S>) => {
        events.push(event);
        if (event.type === 'answer.done' || event.type === 'answer.error' || event.type === 'ingest.done') finish();
      },
      onLost: (error: ClientError) => {
        lost = error;
        finish();
      },
    },
  };
}

describe('browser client streams (NDJSON over real HTTP)', () => {
  it('streams an answer: the started ids, then tokens that add up to answer.done', async () => {
    const seen = gather<'answer.ask'>();
    const started = await client().stream('answer.ask', { question: 'How many tests did the Mach 7 wind tunnel run?' }, seen.listeners);
    await seen.ended;
    expect(seen.lost()).toBeUndefined();
    expect(started.answerId).toEqual(expect.any(String));
    expect(seen.events.every((event) => event.payload.answerId === started.answerId)).toBe(true);
    const last = seen.events.at(-1)!;
    expect(last.type).toBe('answer.done');
    const tokens = seen.events.flatMap((event) => (event.type === 'answer.token' ? [event.payload.delta] : []));
    expect(tokens.join('')).toBe((last.payload as { answer: string }).answer);
    expect(tokens.join('')).toContain('412');
  });

  it('streams an ingestion job until ingest.done', async () => {
    const folder = tempDir('quarry-browser-docs-');
    writeFileSync(join(folder, 'inlet.md'), '# Inlet\n\nA supersonic inlet swallows its normal shock at design speed.\n');
    const seen = gather<'library.ingest'>();
    const started = await client().stream('library.ingest', { paths: [folder], collection: 'inlets' }, seen.listeners);
    await seen.ended;
    expect(seen.events.at(-1)).toMatchObject({ type: 'ingest.done', payload: { jobId: started.jobId, status: 'done', documents: 1 } });
  });

  it("rejects a request the server refuses with the server's code", async () => {
    const error = await client()
      .stream('answer.ask', { question: ' ' }, { onEvent: () => undefined })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('validation');
  });

  it('reports a stream whose connection ends before its terminal event as lost', async () => {
    // What a dropped connection leaves: the started line and one token, then the end of the body.
    const truncated = [
      { type: 'started', value: { answerId: 'a1', conversationId: 'c1' } },
      { type: 'event', event: 'answer.token', payload: { answerId: 'a1', delta: 'Abla' } },
    ]
      .map((line) => `${JSON.stringify(line)}\n`)
      .join('');
    const cut: typeof fetch = async () => new Response(truncated, { headers: { 'content-type': 'application/x-ndjson' } });
    const seen = gather<'answer.ask'>();
    const started = await client(cut).stream('answer.ask', { question: 'What protects re-entry vehicles?' }, seen.listeners);
    await seen.ended;
    expect(started).toEqual({ answerId: 'a1', conversationId: 'c1' });
    expect(seen.events.map((event) => event.type)).toEqual(['answer.token']);
    expect(seen.lost()?.code).toBe('internal');
  });
});
