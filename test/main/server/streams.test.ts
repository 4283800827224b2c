import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSchemas } from '../../../src-shared/contract';
import { readNdjson, startHarness, type Harness } from '../../helpers/server-harness';
import { tempDir } from '../../helpers/temp';
import { startFakeOllama } from '../../fakes/ollama-server';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

function post(path: string, body: unknown) {
  return fetch(`${harness.server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('NDJSON streams', () => {
  it('streams an answer token by token and ends with answer.done carrying the citations', async () => {
    const response = await post('/api/stream/answer.ask', {
      question: 'What protects re-entry vehicles from heating?',
      collection: 'aero',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = await readNdjson(response);
    const [started, ...events] = lines;
    expect(started.type).toBe('started');
    const answerId = started.value.answerId;
    const tokens = events.filter((line) => line.event === 'answer.token');
    expect(tokens.length).toBeGreaterThan(1);
    for (const token of tokens) expect(eventSchemas['answer.token'].parse(token.payload).answerId).toBe(answerId);
    const last = events.at(-1);
    expect(last.event).toBe('answer.done');
    const done = eventSchemas['answer.done'].parse(last.payload);
    expect(done.answer).toBe(tokens.map((t) => t.payload.delta).join(''));
    expect(done.answer).toMatch(/[Aa]blation/);
    expect(done.citations[0]?.path).toMatch(/heat\.txt|tunnel\.md/);
  });

  it('keeps two answers streaming at once apart: each stream carries only its own events', async () => {
    const [first, second] = await Promise.all([
      post('/api/stream/answer.ask', { question: 'What is flutter?' }).then(readNdjson),
      post('/api/stream/answer.ask', { question: 'What does the swept wing delay?' }).then(readNdjson),
    ]);
    for (const [started, ...events] of [first!, second!]) {
      expect(started.type).toBe('started');
      expect(events.length).toBeGreaterThan(1);
      expect(events.every((line) => line.type === 'event' && line.payload.answerId === started.value.answerId)).toBe(true);
      expect(events.filter((line) => line.event !== 'answer.token').map((line) => line.event)).toEqual(['answer.done']);
      expect(events.at(-1).payload.answer).toBe(
        events
          .filter((line) => line.event === 'answer.token')
          .map((line) => line.payload.delta)
          .join(''),
      );
    }
    expect(first![0].value.answerId).not.toBe(second![0].value.answerId);
  });

  it('refuses an invalid question before streaming, with a JSON error', async () => {
    const response = await post('/api/stream/answer.ask', { question: '   ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('streams ingestion progress until ingest.done', async () => {
    const folder = tempDir('quarry-stream-docs-');
    for (let i = 0; i < 4; i += 1)
      writeFileSync(join(folder, `note-${i}.md`), `# Note ${i}\n\nSupersonic inlet number ${i} swallows its shock.\n`);
    const response = await post('/api/stream/library.ingest', { paths: [folder], collection: 'inlets' });
    expect(response.status).toBe(200);
    const [started, ...events] = await readNdjson(response);
    expect(started).toEqual({ type: 'started', value: { jobId: expect.any(String) } });
    expect(events.every((line) => line.payload.jobId === started.value.jobId)).toBe(true);
    const last = events.at(-1);
    expect(last.event).toBe('ingest.done');
    expect(eventSchemas['ingest.done'].parse(last.payload)).toMatchObject({ status: 'done', documents: 4, filesDone: 4 });
    expect(events.filter((line) => line.event === 'ingest.done')).toHaveLength(1);
  });

  it('stops the answer when the client hangs up mid-stream', async () => {
    // A local model that streams slowly, so the answer is still running when the client leaves.
    const ollama = await startFakeOllama();
    ollama.fail('/api/chat', { tokenDelayMs: 150 });
    const slow = await startHarness({}, true, { environment: { OLLAMA_HOST: ollama.url } });
    try {
      const ended = new Promise<{ code: string }>((resolve) => slow.engine.events.on('answer.error', resolve));
      const finished = new Promise<unknown>((resolve) => slow.engine.events.on('answer.done', resolve));
      const firstToken = await new Promise<{ answerId: string }>((resolve, reject) => {
        const request = httpRequest(`${slow.server.url}/api/stream/answer.ask`, {
          method: 'POST',
          headers: { authorization: `Bearer ${slow.server.token}`, 'content-type': 'application/json' },
        });
        request.on('error', () => undefined);
        request.on('response', (response) => {
          let buffered = '';
          let answerId = '';
          response.on('data', (piece: Buffer) => {
            buffered += piece.toString();
            for (const line of buffered
              .split('\n')
              .slice(0, -1)
              .map((text) => JSON.parse(text))) {
              if (line.type === 'started') answerId = line.value.answerId;
              if (line.event === 'answer.token') {
                request.destroy();
                resolve({ answerId });
                return;
              }
            }
          });
          response.on('error', () => undefined);
          response.on('end', () => reject(new Error('the stream ended before a token')));
        });
        request.end(JSON.stringify({ question: 'What protects re-entry vehicles from heating?' }));
      });
      const outcome = await Promise.race([ended.then((error) => ({ error })), finished.then(() => ({ error: null }))]);
      expect(outcome.error).toMatchObject({ answerId: firstToken.answerId, code: 'cancelled' });
    } finally {
      await slow.close();
      await ollama.close();
    }
  });

  it('streams a model download through Ollama until it is done', async () => {
    const ollama = await startFakeOllama({ models: [] });
    const local = await startHarness({}, true, { environment: { OLLAMA_HOST: ollama.url } });
    try {
      const response = await fetch(`${local.server.url}/api/stream/models.pull`, {
        method: 'POST',
        headers: { authorization: `Bearer ${local.server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'nomic-embed-text' }),
      });
      expect(response.status).toBe(200);
      const [started, ...events] = await readNdjson(response);
      expect(started).toMatchObject({ type: 'started', value: { model: 'nomic-embed-text', state: 'pulling' } });
      const progress = events.map((line) => eventSchemas['models.pull'].parse(line.payload));
      expect(progress.every((line) => line.pullId === started.value.pullId)).toBe(true);
      expect(progress[0]?.status).toBe('pulling manifest');
      expect(progress.at(-1)).toMatchObject({ state: 'done', status: 'success', percent: 100 });
      const refused = await fetch(`${local.server.url}/api/stream/models.pull`, {
        method: 'POST',
        headers: { authorization: `Bearer ${local.server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'not a model' }),
      });
      expect(refused.status).toBe(400);
    } finally {
      await local.close();
      await ollama.close();
    }
  });
});
