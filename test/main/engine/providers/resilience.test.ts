import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOllamaProvider } from '../../../../src-main/engine/providers/ollama-provider';
import { createOpenAIProvider } from '../../../../src-main/engine/providers/openai-provider';
import { createResilientProvider, type ResilienceOptions, type StateChange } from '../../../../src-main/engine/providers/resilience';
import { ProviderFailure } from '../../../../src-main/engine/providers/provider-errors';
import type { ChatProvider } from '../../../../src-main/engine/providers/chat-provider';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai-server';

const options: ResilienceOptions = {
  // Generous by default: a busy machine must not turn a healthy call into a timeout.
  timeouts: { connectMs: 2000, firstTokenMs: 2000, totalMs: 5000 },
  maxConcurrent: 2,
  queueLimit: 4,
  maxRetries: 2,
  backoffInitialMs: 5,
  backoffMaxMs: 20,
  maxRetryAfterMs: 2000,
  breakerThreshold: 3,
  halfOpenAfterMs: 150,
};

const passage = '<<<PASSAGE 1 BEGIN DATA | source: a.md>>>\nPumps move water uphill. They need power.\n<<<PASSAGE 1 END DATA>>>';
const request = (model: string) => ({
  model,
  messages: [
    { role: 'system' as const, content: 'rules' },
    { role: 'user' as const, content: `Question: q\n\n${passage}` },
  ],
});

let ollama: FakeOllama;
let openai: FakeOpenAI;
beforeAll(async () => {
  ollama = await startFakeOllama();
  openai = await startFakeOpenAI();
});
afterAll(async () => {
  await ollama.close();
  await openai.close();
});
afterEach(() => {
  ollama.clearFaults();
  openai.clearFaults();
  ollama.requests.length = 0;
  openai.requests.length = 0;
});

function harness(raw: ChatProvider, overrides: Partial<ResilienceOptions> = {}) {
  const changes: StateChange[] = [];
  const provider = createResilientProvider(raw, { ...options, ...overrides }, (change) => changes.push(change));
  const tokens: string[] = [];
  const ask = (model: string, signal = new AbortController().signal) =>
    provider.chat(request(model), { signal, onToken: (d) => tokens.push(d) });
  return { provider, changes, tokens, ask };
}

async function failureOf(promise: Promise<unknown>): Promise<ProviderFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderFailure) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const providers = [
  { name: 'Ollama', model: 'llama3.2', path: '/api/chat', make: () => createOllamaProvider({ host: ollama.url }), server: () => ollama },
  {
    name: 'OpenAI',
    model: 'gpt-4o-mini',
    path: '/v1/chat/completions',
    make: () =>
      createOpenAIProvider({
        apiKey: 'sk-test',
        baseUrl: `${openai.url}/v1`,
        chatModels: ['gpt-4o-mini'],
        embedModel: 'text-embedding-3-small',
      }),
    server: () => openai,
  },
] as const;

describe.each(providers)('resilience with $name', ({ model, path, make, server }) => {
  it('streams an answer with usage and stays healthy', async () => {
    const { ask, tokens, provider } = harness(make());
    const outcome = await ask(model);
    expect(outcome.text).toBe('Pumps move water uphill. [1]');
    expect(tokens.join('')).toBe(outcome.text);
    expect(outcome.usage?.completionTokens).toBeGreaterThan(0);
    expect(outcome.attempts).toBe(1);
    expect(provider.state()).toBe('healthy');
  });

  it('retries a 500 before the first token and reports the provider degraded', async () => {
    server().fail(path, { status: 500, times: 1 });
    const { ask, provider, changes } = harness(make());
    const outcome = await ask(model);
    expect(outcome.attempts).toBe(2);
    expect(server().received(path)).toHaveLength(2);
    expect(provider.state()).toBe('degraded');
    expect(changes.at(-1)).toMatchObject({ state: 'degraded', previous: 'healthy' });
  });

  it('gives up after the retries on a lasting 500', async () => {
    server().fail(path, { status: 500 });
    const failure = await failureOf(harness(make()).ask(model));
    expect(failure).toMatchObject({ kind: 'server', code: 'provider-error', afterFirstToken: false });
    expect(server().received(path)).toHaveLength(3);
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    server().fail(path, { status: 429, retryAfterSeconds: 0.5, times: 1 });
    const outcome = await harness(make()).ask(model);
    const [first, second] = server().received(path);
    expect(outcome.attempts).toBe(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(480);
  });

  it('does not wait for a Retry-After longer than allowed: the next provider should answer', async () => {
    server().fail(path, { status: 429, retryAfterSeconds: 60 });
    const failure = await failureOf(harness(make()).ask(model));
    expect(failure).toMatchObject({ kind: 'rate-limit', code: 'rate-limited', retryAfterMs: 60_000 });
    expect(server().received(path)).toHaveLength(1);
  });

  it('times out a server that does not answer in time, and retries it', async () => {
    server().fail(path, { latencyMs: 1500, times: 1 });
    const outcome = await harness(make(), { timeouts: { connectMs: 600, firstTokenMs: 600, totalMs: 5000 } }).ask(model);
    expect(outcome.attempts).toBe(2);
  });

  it('times out a slow first token', async () => {
    server().fail(path, { firstTokenDelayMs: 1200 });
    // Ollama sends its headers with the first token, so the connect deadline is set above it here.
    const failure = await failureOf(
      harness(make(), { maxRetries: 1, timeouts: { connectMs: 3000, firstTokenMs: 400, totalMs: 5000 } }).ask(model),
    );
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toMatch(/sent no token within 400 ms/);
    expect(server().received(path)).toHaveLength(2);
  });

  it('never retries once a token was streamed, and keeps what came', async () => {
    server().fail(path, { dropAfterTokens: 2 });
    const { ask, tokens } = harness(make());
    const failure = await failureOf(ask(model));
    expect(failure).toMatchObject({ kind: 'dropped', afterFirstToken: true, retryable: false });
    expect(tokens.join('')).toBe('Pumps move ');
    expect(server().received(path)).toHaveLength(1);
  });

  it('retries a connection dropped before any token', async () => {
    server().fail(path, { dropAfterTokens: 0, times: 1 });
    expect((await harness(make()).ask(model)).attempts).toBe(2);
  });

  it('ends a whole answer that takes too long, as a mid-stream failure', async () => {
    server().fail(path, { tokenDelayMs: 200 });
    const { ask, tokens } = harness(make(), { timeouts: { connectMs: 2000, firstTokenMs: 2000, totalMs: 300 } });
    const failure = await failureOf(ask(model));
    expect(failure).toMatchObject({ kind: 'timeout', afterFirstToken: true });
    expect(tokens.length).toBeGreaterThan(0);
  });

  it('opens the circuit after repeated failures, refuses fast, then closes after a good test call', async () => {
    server().fail(path, { status: 503 });
    const { ask, provider, changes } = harness(make(), { maxRetries: 0 });
    for (let i = 0; i < 3; i++) await failureOf(ask(model));
    expect(provider.state()).toBe('open');
    const refused = await failureOf(ask(model));
    expect(refused).toMatchObject({ kind: 'open', code: 'provider-unreachable' });
    expect(server().received(path)).toHaveLength(3);
    server().clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await ask(model);
    expect(provider.state()).not.toBe('open');
    expect(changes.map((c) => c.state)).toContain('open');
  });

  it('bounds concurrent requests', async () => {
    server().fail(path, { tokenDelayMs: 30 });
    const { ask } = harness(make(), { maxConcurrent: 1, queueLimit: 0 });
    const results = await Promise.allSettled([ask(model), ask(model)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ kind: 'busy' });
  });

  it('stops mid-stream when cancelled', async () => {
    server().fail(path, { tokenDelayMs: 50 });
    const controller = new AbortController();
    const { provider, tokens } = harness(make());
    const pending = provider.chat(request(model), {
      signal: controller.signal,
      onToken: (delta) => {
        tokens.push(delta);
        controller.abort();
      },
    });
    const failure = await failureOf(pending);
    expect(failure.kind).toBe('cancelled');
    expect(tokens).toHaveLength(1);
    expect(provider.state()).toBe('healthy');
  });
});

describe('resilience, protocol details', () => {
  it('reports a provider with nothing listening as unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { ask, provider, changes } = harness(createOllamaProvider({ host: `http://127.0.0.1:${port}` }), { maxRetries: 0 });
    expect((await failureOf(ask('llama3.2'))).kind).toBe('unreachable');
    expect(provider.state()).toBe('unreachable');
    expect(changes).toEqual([expect.objectContaining({ state: 'unreachable', previous: 'healthy' })]);
    await expect(provider.probe()).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('treats a malformed OpenAI stream as a provider error that is not retried', async () => {
    openai.fail('/v1/chat/completions', { malformed: true });
    const failure = await failureOf(harness(providers[1].make()).ask('gpt-4o-mini'));
    expect(failure).toMatchObject({ kind: 'malformed', code: 'provider-error' });
    expect(openai.received('/v1/chat/completions')).toHaveLength(1);
  });

  it('treats a malformed Ollama reply as a provider error that is not retried', async () => {
    ollama.fail('/api/embed', { malformed: true });
    const { provider } = harness(createOllamaProvider({ host: ollama.url }));
    await expect(provider.embed('nomic-embed-text', ['a'])).rejects.toMatchObject({ kind: 'malformed' });
    expect(ollama.received('/api/embed')).toHaveLength(1);
  });

  it('lists models with windows and tiers, and the version, in a health check', async () => {
    const { provider } = harness(createOllamaProvider({ host: ollama.url }));
    const { models, version } = await provider.probe();
    expect(version).toBe('0.6.8');
    expect(models).toEqual([
      expect.objectContaining({ provider: 'ollama', model: 'llama3.2', kind: 'chat', tier: 'small', contextWindow: 131072, remote: false }),
      expect.objectContaining({ model: 'nomic-embed-text', kind: 'embedding' }),
    ]);
    const openaiModels = await harness(providers[1].make()).provider.probe();
    expect(openaiModels.models.map((m) => [m.model, m.remote])).toEqual([
      ['gpt-4o-mini', true],
      ['text-embedding-3-small', true],
    ]);
  });

  it('refuses a wrong OpenAI key without retrying or counting it against health', async () => {
    const { ask, provider } = harness(
      createOpenAIProvider({ apiKey: 'wrong', baseUrl: `${openai.url}/v1`, chatModels: [], embedModel: 'x' }),
    );
    expect(await failureOf(ask('gpt-4o-mini'))).toMatchObject({ kind: 'client', message: 'OpenAI refused the API key (401).' });
    expect(openai.received('/v1/chat/completions')).toHaveLength(1);
    expect(provider.state()).toBe('healthy');
  });
});
