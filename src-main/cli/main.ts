import { runCli } from './program';

// A command that finished but failed sets process.exitCode itself (e.g. a cancelled download): keep it.
process.exitCode = (await runCli(process.argv.slice(2))) || process.exitCode;
