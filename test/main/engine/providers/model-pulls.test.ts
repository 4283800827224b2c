import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import type { PullProgress } from '../../../../src-shared/schemas/models';
import { IngestRequest } from '../../../../src-shared/schemas/library';
import { AskRequest } from '../../../../src-shared/schemas/answer';
import { tempDir } from '../../../helpers/temp';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';

let ollama: FakeOllama;
beforeAll(async () => {
  // Nothing installed yet: the person has just started Ollama.
  ollama = await startFakeOllama({ models: [] });
});
afterAll(() => ollama.close());
afterEach(() => ollama.clearFaults());

function engineWith(host: string, platform = 'linux'): Engine {
  const engine = createEngine({
    dataDir: tempDir(),
    resumeJobs: false,
    logger: pino({ level: 'silent' }),
    environment: { OLLAMA_HOST: host },
    resilience: { backoffInitialMs: 5, backoffMaxMs: 10, maxRetries: 0 },
    platform,
  });
  afterEach(() => engine.close());
  return engine;
}

function recordPulls(engine: Engine): PullProgress[] {
  const seen: PullProgress[] = [];
  engine.events.on('models.pull', (progress) => seen.push(progress));
  engine.events.on('models.pulled', (progress) => seen.push(progress));
  return seen;
}

describe('pulling a model through Ollama', () => {
  it('streams status lines with bytes and percent, then the router answers with the pulled model at once', async () => {
    const engine = engineWith(ollama.url);
    const folder = join(engine.library.location.dataDir, 'docs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'tunnel.md'), '# Wind tunnel\n\nThe blowdown tunnel reaches Mach 4 for thirty seconds.\n');
    await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [folder], collection: 'default' }))).jobId);
    const before = await engine.answers.ask(AskRequest.parse({ question: 'What Mach number does the blowdown tunnel reach?' })).done;
    expect(before.route.provider).toBe('extractive');

    // Lines a few milliseconds apart, as a download's are, so progress between status changes is seen.
    ollama.fail('/api/pull', { tokenDelayMs: 60, times: 1 });
    const seen = recordPulls(engine);
    const started = engine.models.start('llama3.2');
    expect(started).toMatchObject({ model: 'llama3.2', state: 'pulling' });
    const final = await engine.models.wait(started.pullId);

    expect(final).toMatchObject({ state: 'done', status: 'success', percent: 100, error: null });
    expect(final.total).toBe(2_019_377_376 + 1_429 + 7_711 + 6_016 + 96 + 561);
    const statuses = [...new Set(seen.map((progress) => progress.status))];
    expect(statuses[0]).toBe('pulling manifest');
    expect(statuses).toContain('verifying sha256 digest');
    expect(statuses.at(-1)).toBe('success');
    expect(statuses.some((status) => /^pulling [0-9a-f]{12}$/.test(status))).toBe(true);
    const percents = seen.map((progress) => progress.percent).filter((value): value is number => value !== null);
    expect(percents.some((value) => value > 0 && value < 100)).toBe(true);
    expect(ollama.received('/api/pull').at(-1)?.body).toMatchObject({ name: 'llama3.2', stream: true });

    // The provider's model list was asked again: the router uses the new model for the next question.
    const after = await engine.answers.ask(AskRequest.parse({ question: 'What Mach number does the blowdown tunnel reach?' })).done;
    expect(after.route).toMatchObject({ provider: 'ollama', model: 'llama3.2' });
    const overview = await engine.models.overview();
    expect(overview.installed.map((model) => model.model)).toContain('llama3.2');
    expect(overview.recommended.find((model) => model.model === 'llama3.2')?.installed).toBe(true);
    expect(overview.recommended.find((model) => model.model === 'nomic-embed-text')?.installed).toBe(false);
  });

  it('cancels a download under way: the stream is aborted and the model is not installed', async () => {
    ollama.fail('/api/pull', { tokenDelayMs: 40 });
    const engine = engineWith(ollama.url);
    const seen = recordPulls(engine);
    const started = engine.models.start('qwen2.5:0.5b');
    await expect.poll(() => seen.some((progress) => progress.digest !== null)).toBe(true);
    expect(engine.models.cancel(started.pullId)).toBe(true);
    const final = await engine.models.wait(started.pullId);
    expect(final.state).toBe('cancelled');
    expect(final.percent).toBeLessThan(100);
    expect(engine.models.cancel(started.pullId)).toBe(false);
    const overview = await engine.models.overview();
    expect(overview.installed.map((model) => model.model)).not.toContain('qwen2.5:0.5b');
    expect(overview.pulls[0]).toMatchObject({ pullId: started.pullId, state: 'cancelled' });
  });

  it('reports a dropped connection and an unknown model as failures in words', async () => {
    const engine = engineWith(ollama.url);
    ollama.fail('/api/pull', { dropAfterTokens: 4, times: 1 });
    const dropped = await engine.models.wait(engine.models.start('nomic-embed-text').pullId);
    expect(dropped).toMatchObject({ state: 'failed', error: expect.stringMatching(/before the download finished/) });

    const unknown = await engine.models.wait(engine.models.start('no-such-model').pullId);
    expect(unknown).toMatchObject({ state: 'failed', error: expect.stringMatching(/file does not exist/) });
    const installed = (await engine.models.overview()).installed.map((model) => model.model);
    expect(installed).not.toContain('nomic-embed-text');
    expect(installed).not.toContain('no-such-model');
  });

  it('refuses a second pull of the same model while the first runs', async () => {
    ollama.fail('/api/pull', { tokenDelayMs: 40 });
    const engine = engineWith(ollama.url);
    const first = engine.models.start('qwen2.5:0.5b');
    expect(() => engine.models.start('qwen2.5:0.5b')).toThrow(/already being downloaded/);
    engine.models.cancel(first.pullId);
    await engine.models.wait(first.pullId);
  });

  it('says how to install and start Ollama for the system when it is not reachable', async () => {
    const closed = await startFakeOllama();
    const host = closed.url;
    await closed.close();
    const mac = await engineWith(host, 'darwin').models.overview();
    expect(mac).toMatchObject({ reachable: false, installed: [], version: null, problem: expect.stringMatching(/not reachable/) });
    expect(mac.install.system).toBe('macos');
    expect(mac.install.downloadUrl).toBe('https://ollama.com/download/mac');
    const linux = await engineWith(host, 'linux').models.overview();
    expect(linux.install.steps.map((step) => step.command)).toContain('curl -fsSL https://ollama.com/install.sh | sh');
    const windows = await engineWith(host, 'win32').models.overview();
    expect(windows.install.steps.map((step) => step.command)).toContain('winget install Ollama.Ollama');
  });
});
