import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readServerInfo } from '../../../../src-main/server/server-info';
import { readNdjson, writeLibrary } from '../../../helpers/server-harness';
import { tempDir } from '../../../helpers/temp';
import { startFakeOllama } from '../../../fakes/ollama-server';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `quarry serve` and resolves with what it printed once the URL line appears. */
function serve(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; stdout: () => string; stderr: () => string }> {
  const child = spawn(process.execPath, ['bin/quarry.js', 'serve', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (piece: Buffer) => (err += piece.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (piece: Buffer) => {
      out += piece.toString();
      if (/Press Ctrl\+C/.test(out)) resolve({ child, stdout: () => out, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`quarry serve exited with ${code}: ${err}`)));
  });
}

describe('quarry serve', () => {
  it('prints the URL to open, writes server.json for the user only, serves the API, and cleans up on SIGTERM', async () => {
    const dataDir = tempDir();
    const { child, stdout } = await serve(['--port', '0', '--data-dir', dataDir]);
    const info = await readServerInfo(dataDir);
    expect(info).not.toBeNull();
    expect(stdout()).toContain(`Open: ${info!.url}/?token=${info!.token}`);
    expect(info!.url).toBe(`http://127.0.0.1:${info!.port}`);
    expect(statSync(join(dataDir, 'server.json')).mode & 0o777).toBe(0o600);

    const response = await fetch(`${info!.url}/api/rpc/library.stats`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info!.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect((await response.json()).value.documents).toBe(0);
    expect((await fetch(`${info!.url}/api/rpc/library.stats`, { method: 'POST', body: '{}' })).status).toBe(401);

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  }, 30_000);

  it('answers with the local model that OLLAMA_HOST names', async () => {
    const ollama = await startFakeOllama();
    try {
      const dataDir = tempDir();
      const docsDir = tempDir('quarry-docs-');
      writeLibrary(docsDir);
      await serve(['--port', '0', '--data-dir', dataDir], { ...process.env, OLLAMA_HOST: ollama.url });
      const info = (await readServerInfo(dataDir))!;
      const post = (path: string, body: unknown) =>
        fetch(`${info.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const ingested = await readNdjson(await post('/api/stream/library.ingest', { paths: [docsDir], collection: 'aero' }));
      expect(ingested.at(-1).payload).toMatchObject({ status: 'done', documents: 3 });
      const answer = await readNdjson(await post('/api/stream/answer.ask', { question: 'What protects re-entry vehicles from heating?' }));
      expect(answer.at(-1).event).toBe('answer.done');
      expect(answer.at(-1).payload.route.provider).toBe('ollama');
      expect(ollama.received('/api/chat').length).toBeGreaterThan(0);
    } finally {
      await ollama.close();
    }
  }, 30_000);

  it('warns when told to bind beyond loopback', async () => {
    const dataDir = tempDir();
    const { stderr } = await serve(['--port', '0', '--host', '0.0.0.0', '--data-dir', dataDir]);
    expect(stderr()).toMatch(/WARNING: binding to 0\.0\.0\.0 makes Quarry reachable from other machines/);
  }, 30_000);

  it('explains a port in use instead of crashing', async () => {
    const first = tempDir();
    await serve(['--port', '0', '--data-dir', first]);
    const { port } = (await readServerInfo(first))!;
    const second = spawn(process.execPath, ['bin/quarry.js', 'serve', '--port', String(port), '--data-dir', tempDir()], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(second);
    let err = '';
    second.stderr.on('data', (piece: Buffer) => (err += piece.toString()));
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain(`Port ${port} is in use`);
  }, 30_000);
});
