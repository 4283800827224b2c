import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../helpers/temp';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai-server';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '../../../../bin/quarry.js');

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

// Each test spawns several `quarry` processes (tsx compiles on start): slow on a busy machine, not a hang.
describe('quarry providers, config and ask with models', { timeout: 120_000 }, () => {
  it('shows provider state, changes settings, and records the route in ask --json', async () => {
    const data = tempDir();
    const env = { ...process.env, OLLAMA_HOST: ollama.url, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${openai.url}/v1` };
    const quarry = async (...args: string[]) =>
      JSON.parse((await run(process.execPath, [cli, ...args, '--data-dir', data, '--json'], { env })).stdout) as unknown;
    const docs = join(data, 'docs');
    mkdirSync(docs);
    writeFileSync(join(docs, 'tunnel.md'), '# Wind tunnel\n\nThe blowdown tunnel reaches Mach 4 for thirty seconds.\n');
    await quarry('ingest', docs);

    expect(await quarry('providers')).toEqual([
      expect.objectContaining({ provider: 'ollama', state: 'healthy', version: '0.6.8' }),
      expect.objectContaining({ provider: 'openai', state: 'disabled', enabled: false, lastError: 'OpenAI is not turned on' }),
    ]);
    expect(await quarry('config', 'set', 'router.dailyBudgetUsd', '2.5')).toEqual({ key: 'router.dailyBudgetUsd', value: 2.5 });
    await expect(quarry('config', 'set', 'router.dailyBudgetUsd', '-1')).rejects.toMatchObject({
      stderr: expect.stringMatching(/router\.dailyBudgetUsd: .*>=0/),
    });

    const answer = (await quarry('ask', 'What Mach number does the blowdown tunnel reach?')) as {
      answer: string;
      route: { provider: string; model: string; reason: string };
      usage: { completionTokens: number };
    };
    expect(answer.route).toMatchObject({
      provider: 'ollama',
      model: 'llama3.2',
      reason: expect.stringMatching(/^Ollama llama3\.2: simple question/),
    });
    expect(answer.answer).toContain('Mach 4 for thirty seconds. [1]');
    expect(openai.requests).toHaveLength(0);
    // Each command starts a process; on a busy machine that takes seconds.
  }, 120_000);
});
