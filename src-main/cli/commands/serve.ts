import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors';
import { createEngine } from '../../engine';
import { createFileLogger } from '../../engine/logger';
import { defaultPort, defaultRateLimitPerMinute, isLoopback, startServer } from '../../server/app';
import { removeServerInfo, writeServerInfo } from '../../server/server-info';
import { defaultDataDir } from '../data-dir';
import { engineOptionsFromEnv, printJson, type GlobalOptions } from '../context';

interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly open?: boolean;
  readonly allowIngest?: boolean;
  readonly rateLimit: number;
  readonly maxUploadMb: number;
  readonly sampleInterval: number;
}

function wholeNumber(name: string, min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new AppError('validation', `${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
    return value;
  };
}

/** Opens the URL in the desktop's browser; failing to is not an error, the URL is printed anyway. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((done) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the library on 127.0.0.1: the browser UI, the HTTP/WebSocket API, an OpenAI-compatible endpoint and MCP')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', wholeNumber('--port', 0, 65535), defaultPort)
    .option('--host <host>', 'interface to bind; anything but 127.0.0.1 lets other machines connect', '127.0.0.1')
    .option('--open', 'open the UI in the default browser')
    .option('--allow-ingest', 'let MCP clients add files from this computer to the library')
    .option(
      '--rate-limit <n>',
      'requests per minute per client address (0 turns the limit off)',
      wholeNumber('--rate-limit', 0, 100_000_000),
      defaultRateLimitPerMinute,
    )
    .option('--max-upload-mb <n>', 'largest file the browser may upload, in MiB', wholeNumber('--max-upload-mb', 1, 100_000), 200)
    .option(
      '--sample-interval <seconds>',
      'seconds between metric samples and alert evaluations',
      wholeNumber('--sample-interval', 1, 3600),
      10,
    )
    .action(async (options: ServeOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const dataDir = resolve(global.dataDir ?? defaultDataDir());
      mkdirSync(dataDir, { recursive: true });
      if (!isLoopback(options.host)) {
        process.stderr.write(
          `WARNING: binding to ${options.host} makes Quarry reachable from other machines on the network. Anyone with the token can read your library; traffic is not encrypted.\n`,
        );
      }
      const logger = createFileLogger(dataDir);
      const engine = createEngine({
        dataDir,
        logger,
        resumeJobs: true,
        monitor: { sampleIntervalMs: options.sampleInterval * 1000 },
        ...engineOptionsFromEnv(),
      });
      let server;
      try {
        server = await startServer({
          engine,
          logger,
          port: options.port,
          host: options.host,
          rateLimitPerMinute: options.rateLimit,
          maxUploadBytes: options.maxUploadMb * 1024 * 1024,
          allowIngest: options.allowIngest ?? false,
        });
      } catch (error) {
        await engine.close();
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new AppError('conflict', `Port ${options.port} is in use; choose another with --port (0 picks a free one).`);
        throw error;
      }
      const infoPath = await writeServerInfo(dataDir, { url: server.url, port: server.port, token: server.token });
      if (global.json)
        printJson({ url: server.url, port: server.port, token: server.token, openUrl: server.openUrl, serverInfo: infoPath });
      else {
        process.stdout.write(`Quarry is serving ${dataDir}\n\n  Open: ${server.openUrl}\n\n`);
        process.stdout.write(
          `API: ${server.url}/api (OpenAPI at /api/openapi.json) · OpenAI-compatible: ${server.url}/v1 · MCP: ${server.url}/mcp\n`,
        );
        process.stdout.write(`The token is also in ${infoPath}. Press Ctrl+C to stop.\n`);
      }
      if (options.open) openBrowser(server.openUrl);
      await untilStopped();
      await server.close();
      await engine.close();
      await removeServerInfo(dataDir, server.token);
    });
}
