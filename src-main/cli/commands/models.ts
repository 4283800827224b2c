import type { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { ModelName, type ModelsOverview, type PullProgress } from '../../../src-shared/schemas/models';
import { printJson, withEngine, type GlobalOptions } from '../context';

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}

function printOverview(overview: ModelsOverview): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (!overview.reachable) {
    out(`Ollama is not reachable at ${overview.endpoint}: ${overview.problem ?? 'no answer'}`);
    out(`To get a local model, install and start Ollama (${overview.install.downloadUrl}):`);
    for (const [index, step] of overview.install.steps.entries())
      out(`  ${index + 1}. ${step.text}${step.command ? `\n       ${step.command}` : ''}`);
    return;
  }
  out(`Ollama ${overview.version ? `v${overview.version} ` : ''}at ${overview.endpoint}`);
  out(overview.installed.length > 0 ? 'Installed:' : 'Installed: none yet');
  for (const model of overview.installed) out(`  ${model.model}  ${model.kind}, ${model.tier}, window ${model.contextWindow}`);
  out('Recommended:');
  for (const model of overview.recommended) {
    out(
      `  ${model.model}  ${model.kind}${model.installed ? ' (installed)' : ` — quarry models pull ${model.model}`}\n    ${model.description}`,
    );
  }
}

/** Follows one pull until it ends: a progress bar on a terminal, status lines otherwise, nothing with --json. */
function follow(progress: PullProgress, json: boolean): (next: PullProgress) => void {
  const bar =
    !json && process.stderr.isTTY
      ? new SingleBar({ format: '{bar} {percentage}% | {done} of {size} | {status}', hideCursor: true }, Presets.shades_classic)
      : null;
  let lastStatus = '';
  bar?.start(100, 0, { done: '0 MB', size: '?', status: progress.status });
  return (next) => {
    if (bar) {
      bar.update(Math.floor(next.percent ?? 0), {
        done: megabytes(next.completed),
        size: next.total ? megabytes(next.total) : '?',
        status: next.status,
      });
      if (next.state !== 'pulling') bar.stop();
    } else if (!json && next.status !== lastStatus) {
      process.stderr.write(`${next.status}${next.percent !== null ? ` (${next.percent}%)` : ''}\n`);
    }
    lastStatus = next.status;
  };
}

/** `quarry models list` and `quarry models pull NAME`: a local model through Ollama from the command line. */
export function registerModelsCommands(program: Command): void {
  const models = program.command('models').description('Local models through Ollama: what is installed, and downloading more');
  models
    .command('list', { isDefault: true })
    .description('Installed and recommended models, or how to install Ollama when it is not running')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const overview = await engine.models.overview();
        if (global.json) return printJson(overview);
        printOverview(overview);
      });
    });
  models
    .command('pull')
    .description('Download a model through Ollama with a progress bar; Ctrl-C cancels')
    .argument('<model>', 'e.g. llama3.2 or nomic-embed-text')
    .action(async (raw: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const model = ModelName.parse(raw);
      await withEngine(global, async (engine) => {
        const started = engine.models.start(model);
        const show = follow(started, global.json === true);
        const stop = engine.events.on('models.pull', (progress) => {
          if (progress.pullId === started.pullId) show(progress);
        });
        const interrupt = () => engine.models.cancel(started.pullId);
        process.once('SIGINT', interrupt);
        const final = await engine.models.wait(started.pullId);
        process.off('SIGINT', interrupt);
        stop();
        if (global.json) printJson(final);
        else if (final.state === 'done') {
          const installed = (await engine.providers.status()).find((p) => p.provider === 'ollama')?.models ?? [];
          const kind = installed.find((m) => m.model === model.replace(/:latest$/, ''))?.kind;
          process.stdout.write(
            kind === 'embedding'
              ? `${model} is ready. Make it the library's embedder with: quarry embedder ollama:${model}\n`
              : `${model} is ready: Quarry answers with it from now on.\n`,
          );
        } else
          process.stdout.write(
            final.state === 'cancelled' ? `Cancelled: ${model} was not installed.\n` : `${model} could not be downloaded: ${final.error}\n`,
          );
        if (final.state === 'cancelled') process.exitCode = 130;
        else if (final.state === 'failed') process.exitCode = 1;
      });
    });
}
