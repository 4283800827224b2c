import { IngestRequest } from '../../../src-shared/schemas/library';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, StreamEvent, StreamName } from '../../../src-shared/contract';
import { ClientError } from '../../../src-renderer/api';
import { createEngineClient, eventually, type EngineClient } from '../../helpers/engine-client';

let setup: EngineClient;

beforeEach(() => {
  setup = createEngineClient();
  mkdirSync(setup.filesDir, { recursive: true });
  for (let i = 0; i < 3; i += 1)
    writeFileSync(join(setup.filesDir, `gust-${i}.md`), `# Gust ${i}\n\nA gust load of case ${i} bends the wing upward at the root.\n`);
});

afterEach(async () => {
  await setup.close();
});

/** Starts a stream through the desktop client and gathers its events until the terminal one. */
async function run<S extends StreamName>(name: S, input: CallInput<S>) {
  const events: StreamEvent<S>[] = [];
  const started = await setup.client.stream(name, input, { onEvent: (event) => events.push(event) });
  return { started, events };
}

describe('desktop client streams (over the bridge, demultiplexed in the window)', () => {
  it('streams an ingestion job: progress of that job only, ending with ingest.done', async () => {
    const { started, events } = await run('library.ingest', { paths: [setup.filesDir], collection: 'gusts' });
    await eventually(() => expect(events.at(-1)?.type).toBe('ingest.done'));
    expect(events.every((event) => event.payload.jobId === started.jobId)).toBe(true);
    expect(events.filter((event) => event.type === 'ingest.done')).toHaveLength(1);
    expect(events.at(-1)?.payload).toMatchObject({ status: 'done', documents: 3 });
  });

  it('keeps two answers asked at once apart, each ending with its own answer.done', async () => {
    const { jobId } = await setup.engine.library.ingest(IngestRequest.parse({ paths: [setup.filesDir] }));
    await setup.engine.library.waitForJob(jobId);
    const [first, second] = await Promise.all([
      run('answer.ask', { question: 'What bends the wing upward?' }),
      run('answer.ask', { question: 'Where does the gust load bend the wing?' }),
    ]);
    for (const { started, events } of [first, second]) {
      await eventually(() => expect(events.at(-1)?.type).toBe('answer.done'));
      const answerId = started.answerId;
      expect(events.every((event) => event.payload.answerId === answerId)).toBe(true);
      const tokens = events.flatMap((event) => (event.type === 'answer.token' ? [event.payload.delta] : []));
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.join('')).toBe((events.at(-1)!.payload as { answer: string }).answer);
    }
  });

  it('rejects a call the contract refuses with a ClientError', async () => {
    const error = await setup.client.stream('answer.ask', { question: '  ' }, { onEvent: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('validation');
  });
});
