import { Command, CommanderError } from 'commander';
import { describeError } from './context';
import { registerIngestCommand } from './commands/ingest';
import { registerAskCommand } from './commands/ask';
import { registerSearchCommand } from './commands/search';
import { registerLibraryCommands } from './commands/library';
import { registerProviderCommands } from './commands/providers';
import { registerServeCommand } from './commands/serve';
import { registerMcpCommand } from './commands/mcp';
import { registerCacheCommands } from './commands/cache';
import { registerMaintenanceCommand } from './commands/maintenance';
import { registerEvalCommand } from './commands/eval';
import { registerModelsCommands } from './commands/models';

/** The `quarry` command line: every command takes --data-dir and --json. */
export function buildProgram(): Command {
  const program = new Command('quarry')
    .description('Quarry: ask questions of your private documents, offline.')
    .option('-d, --data-dir <dir>', 'library folder (default: QUARRY_DATA_DIR or the per-user data folder)')
    .option('--json', 'print one JSON object instead of text')
    .showHelpAfterError('(run quarry --help for usage)')
    .exitOverride();
  registerIngestCommand(program);
  registerAskCommand(program);
  registerSearchCommand(program);
  registerLibraryCommands(program);
  registerProviderCommands(program);
  registerServeCommand(program);
  registerMcpCommand(program);
  registerCacheCommands(program);
  registerMaintenanceCommand(program);
  registerEvalCommand(program);
  registerModelsCommands(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`quarry: ${describeError(error)}\n`);
    return 1;
  }
}
