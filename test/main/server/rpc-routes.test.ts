import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, contract, type CallOutput, type Channel } from '../../../src-shared/contract';
import { startHarness, type Harness } from '../../helpers/server-harness';
import { tempDir } from '../../helpers/temp';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

/** Calls a channel and checks the value against the contract's output schema, as a client would. */
async function call<C extends Channel>(channel: C, input: unknown): Promise<CallOutput<C>> {
  const { status, body } = await harness.rpc(channel, input);
  expect(body, JSON.stringify(body)).toMatchObject({ ok: true });
  expect(status).toBe(200);
  return contract[channel].output.parse(body.value) as CallOutput<C>;
}

describe('POST /api/rpc/<channel>', () => {
  it('routes every contract channel and validates its input with the channel schema', async () => {
    for (const channel of channels) {
      const { status, body } = await harness.rpc(channel, ['not', 'an', 'object']);
      expect({ channel, status, code: body.error?.code }).toEqual({ channel, status: 400, code: 'validation' });
    }
  });

  it('answers library questions with values that match the contract', async () => {
    const stats = await call('library.stats', {});
    expect(stats).toMatchObject({ documents: 3, collections: 1, integrity: 'ok' });
    const documents = await call('library.documents', { collection: 'aero' });
    expect(documents.map((d) => d.path.split('/').pop()).sort()).toEqual(['heat.txt', 'tunnel.md', 'wing.md']);
    const collections = await call('library.collections', {});
    expect(collections).toEqual([expect.objectContaining({ name: 'aero', documents: 3, private: false })]);
    const made = await call('library.setCollectionPrivate', { name: 'aero', private: true });
    expect(made.private).toBe(true);
    await call('library.setCollectionPrivate', { name: 'aero', private: false });
  });

  it('searches and opens the passage behind a hit', async () => {
    const result = await call('search.query', { query: 'flutter aeroelastic', mode: 'keyword', limit: 3 });
    const top = result.hits[0]!;
    expect(top.path).toMatch(/wing\.md$/);
    const passage = await call('library.passage', { chunkId: top.chunkId, contextChars: 50 });
    expect(passage.text).toContain('Flutter is an aeroelastic instability');
  });

  it('turns a bad input into a 400 naming the field, and a missing passage into a 404', async () => {
    const bad = await harness.rpc('search.query', { query: '', limit: 3 });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ ok: false, error: { code: 'validation', message: expect.stringMatching(/^query: /) } });
    const missing = await harness.rpc('library.passage', { chunkId: 999_999 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not-found');
  });

  it('starts and cancels answers and ingestion jobs, and removes documents', async () => {
    const started = await call('answer.ask', { question: 'What protects re-entry vehicles?' });
    expect(started.answerId).toMatch(/[0-9a-f-]{36}/);
    const cancelled = await call('answer.cancel', { answerId: 'no-such-answer' });
    expect(cancelled.cancelled).toBe(false);

    const extra = tempDir('quarry-extra-');
    writeFileSync(join(extra, 'extra.md'), '# Extra\n\nBoundary layer transition depends on the Reynolds number.\n');
    const { jobId } = await call('library.ingest', { paths: [extra], collection: 'extra' });
    await harness.engine.library.waitForJob(jobId);
    const job = await call('library.job', { jobId });
    expect(job).toMatchObject({ jobId, status: 'done', documents: 1 });
    const jobs = await call('library.jobs', { limit: 10 });
    expect(jobs.map((j) => j.jobId)).toContain(jobId);
    expect((await call('library.cancelJob', { jobId })).cancelled).toBe(false);

    const removed = await call('library.remove', { ref: join(extra, 'extra.md') });
    expect(removed.removed).toBe(1);
    expect((await call('library.stats', {})).documents).toBe(3);
  });
});
