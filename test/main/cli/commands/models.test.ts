import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../helpers/temp';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '../../../../bin/quarry.js');

let ollama: FakeOllama;
beforeAll(async () => {
  ollama = await startFakeOllama({ models: [] });
});
afterAll(() => ollama.close());
afterEach(() => ollama.clearFaults());

describe('quarry models', () => {
  it('pulls a model with status lines, lists it afterwards, and fails in words on an unknown one', async () => {
    const data = tempDir();
    const env = { ...process.env, OLLAMA_HOST: ollama.url };
    const quarry = (...args: string[]) => run(process.execPath, [cli, ...args, '--data-dir', data], { env });

    const before = JSON.parse((await quarry('models', 'list', '--json')).stdout) as { reachable: boolean; installed: unknown[] };
    expect(before).toMatchObject({ reachable: true, installed: [] });

    const pulled = await quarry('models', 'pull', 'nomic-embed-text');
    expect(pulled.stderr).toMatch(/^pulling manifest/m);
    expect(pulled.stderr).toMatch(/^verifying sha256 digest/m);
    expect(pulled.stderr).toMatch(/^success \(100%\)$/m);
    expect(pulled.stdout).toMatch(
      /nomic-embed-text is ready\. Make it the library's embedder with: quarry embedder ollama:nomic-embed-text/,
    );

    const listed = (await quarry('models', 'list')).stdout;
    expect(listed).toMatch(/Installed:\n {2}nomic-embed-text {2}embedding/);
    expect(listed).toMatch(/llama3\.2 {2}chat — quarry models pull llama3\.2/);

    const failed = await quarry('models', 'pull', 'no-such-model', '--json').catch((error: { code: number; stdout: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect(JSON.parse(failed.stdout)).toMatchObject({ state: 'failed', error: expect.stringMatching(/file does not exist/) });
  }, 60_000);

  it('cancels the download on Ctrl-C', async () => {
    ollama.fail('/api/pull', { tokenDelayMs: 100 });
    const data = tempDir();
    const child = spawn(process.execPath, [cli, 'models', 'pull', 'qwen2.5:0.5b', '--data-dir', data], {
      env: { ...process.env, OLLAMA_HOST: ollama.url },
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/pulling [0-9a-f]{12}/.test(stderr)) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(130);
    expect(stdout).toMatch(/Cancelled: qwen2\.5:0\.5b was not installed/);
    const listed = await run(process.execPath, [cli, 'models', 'list', '--json', '--data-dir', data], {
      env: { ...process.env, OLLAMA_HOST: ollama.url },
    });
    expect((JSON.parse(listed.stdout) as { installed: { model: string }[] }).installed.map((m) => m.model)).not.toContain('qwen2.5:0.5b');
  }, 60_000);

  it('says how to install Ollama when it is not running', async () => {
    const closed = await startFakeOllama();
    await closed.close();
    const { stdout } = await run(process.execPath, [cli, 'models', 'list', '--data-dir', tempDir()], {
      env: { ...process.env, OLLAMA_HOST: closed.url },
    });
    expect(stdout).toMatch(/^Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/curl -fsSL https:\/\/ollama\.com\/install\.sh \| sh/);
  }, 60_000);
});
