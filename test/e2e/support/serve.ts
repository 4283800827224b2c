import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const repository = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningQuarry {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The address that signs a browser in (sets the token cookie, then redirects to `/`). */
  readonly openUrl: string;
  readonly token: string;
  stop(): Promise<void>;
}

/** Starts `quarry serve` on a free loopback port for a data folder, as a user would from the shell. */
export async function startQuarry(dataDir: string, env: NodeJS.ProcessEnv = {}, extraArgs: readonly string[] = []): Promise<RunningQuarry> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/quarry.js', '--data-dir', dataDir, '--json', 'serve', '--port', '0', '--rate-limit', '0', ...extraArgs],
    {
      cwd: repository,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const info = await new Promise<{ url: string; openUrl: string; token: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let buffered = '';
    lines.on('line', (line) => {
      // --json prints one pretty-printed object; collect lines until it parses.
      buffered += line;
      try {
        resolve(JSON.parse(buffered) as { url: string; openUrl: string; token: string });
      } catch {
        /* not complete yet */
      }
    });
    child.once('exit', (code) => reject(new Error(`quarry serve exited with ${code}: ${stderr}`)));
  });
  return {
    ...info,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
