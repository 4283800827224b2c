import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../helpers/server-harness';
import { startFakeOllama } from '../../fakes/ollama-server';

let harness: Harness;
let client: OpenAI;
beforeAll(async () => {
  harness = await startHarness();
  // OpenAI's own client, as a tool that speaks OpenAI would use it: the API key is the server token.
  client = new OpenAI({ apiKey: harness.server.token, baseURL: `${harness.server.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await harness.close();
});

describe('POST /v1/chat/completions', () => {
  it('answers the last user message from the library, with sources', async () => {
    const completion = await client.chat.completions.create({
      model: 'quarry',
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: 'Tell me about wings.' },
        { role: 'assistant', content: 'Sure.' },
        { role: 'user', content: 'How many tests did the Mach 7 wind tunnel run?' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    const content = completion.choices[0]!.message.content!;
    expect(content).toContain('412');
    expect(content).toMatch(/Sources:\n\[1\] .*tunnel\.md/);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect((completion as unknown as { citations: { path: string }[] }).citations[0]!.path).toMatch(/tunnel\.md$/);
  });

  it('streams chunks like OpenAI and ends with finish_reason stop', async () => {
    const stream = await client.chat.completions.create({
      model: 'quarry:aero',
      stream: true,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is flutter?' }] }],
    });
    const deltas: string[] = [];
    const finishes: (string | null)[] = [];
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      expect(chunk.model).toBe('quarry:aero');
      deltas.push(chunk.choices[0]?.delta.content ?? '');
      finishes.push(chunk.choices[0]?.finish_reason ?? null);
    }
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toMatch(/aeroelastic instability[\s\S]*Sources:\n\[1\] .*wing\.md/);
    expect(finishes.at(-1)).toBe('stop');
    expect(finishes.slice(0, -1).every((f) => f === null)).toBe(true);
  });

  it('refuses a conversation without a user message, and a wrong key', async () => {
    await expect(client.chat.completions.create({ model: 'quarry', messages: [{ role: 'system', content: 'hi' }] })).rejects.toMatchObject({
      status: 400,
    });
    const stranger = new OpenAI({ apiKey: 'sk-not-the-token', baseURL: `${harness.server.url}/v1`, maxRetries: 0 });
    await expect(stranger.chat.completions.create({ model: 'quarry', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 401,
    });
  });

  it('lists quarry and one model per collection', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['quarry', 'quarry:aero']);
  });

  it('stops the answer when a streaming client hangs up', async () => {
    // A local model that streams slowly, so the answer is still running when the client leaves.
    const ollama = await startFakeOllama();
    ollama.fail('/api/chat', { tokenDelayMs: 150 });
    const slow = await startHarness({}, true, { environment: { OLLAMA_HOST: ollama.url } });
    try {
      const ended = new Promise<{ code: string }>((resolve) => slow.engine.events.on('answer.error', resolve));
      const finished = new Promise<unknown>((resolve) => slow.engine.events.on('answer.done', resolve));
      await new Promise<void>((resolve, reject) => {
        const request = httpRequest(`${slow.server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${slow.server.token}`, 'content-type': 'application/json' },
        });
        request.on('error', () => undefined);
        request.on('response', (response) => {
          let buffered = '';
          response.on('data', (piece: Buffer) => {
            buffered += piece.toString();
            // The role chunk comes first; the first chunk with text means the model is mid-answer.
            if (/"content":"[^"]+"/.test(buffered)) {
              request.destroy();
              resolve();
            }
          });
          response.on('error', () => undefined);
          response.on('end', () => reject(new Error('the stream ended before any text')));
        });
        request.end(
          JSON.stringify({ model: 'quarry', stream: true, messages: [{ role: 'user', content: 'What protects re-entry vehicles?' }] }),
        );
      });
      const outcome = await Promise.race([ended.then((error) => ({ error })), finished.then(() => ({ error: null }))]);
      expect(outcome.error).toMatchObject({ code: 'cancelled' });
    } finally {
      await slow.close();
      await ollama.close();
    }
  });
});
