import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createEngine } from '../../engine';
import { createMcpServer } from '../../server/mcp';
import { defaultDataDir } from '../data-dir';
import { engineOptionsFromEnv, type GlobalOptions } from '../context';

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('Serve the library to AI tools over the Model Context Protocol on stdin/stdout')
    .option('--allow-ingest', 'let the AI tool add files from this computer to the library')
    .action(async (options: { allowIngest?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const dataDir = resolve(global.dataDir ?? defaultDataDir());
      mkdirSync(dataDir, { recursive: true });
      // stdout carries the protocol; the engine logs to its file in the data folder.
      const engine = createEngine({ dataDir, resumeJobs: false, ...engineOptionsFromEnv() });
      const server = createMcpServer(engine, { allowIngest: options.allowIngest ?? false });
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((done) => {
        transport.onclose = done;
        process.stdin.once('end', done);
        process.once('SIGTERM', done);
        process.once('SIGINT', done);
      });
      await server.connect(transport);
      await closed;
      await server.close();
      await engine.close();
    });
}
