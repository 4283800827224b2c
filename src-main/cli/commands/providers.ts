import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors';
import { ProviderId } from '../../../src-shared/schemas/providers';
import { parseSettingText } from '../../engine/settings/settings-repository';
import { printJson, withEngine, type GlobalOptions } from '../context';

function providerArgument(raw: string) {
  const parsed = ProviderId.safeParse(raw.toLowerCase());
  if (!parsed.success) throw new AppError('validation', `Unknown provider "${raw}": use ollama or openai.`);
  return parsed.data;
}

/** `quarry providers`, `quarry config` and `quarry embedder`: models, their settings and the library's embedder. */
export function registerProviderCommands(program: Command): void {
  const providers = program.command('providers').description('Language-model providers: state, connection test, models');
  providers
    .command('status', { isDefault: true })
    .description('Show each provider’s state, endpoint and models')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const status = await engine.providers.status();
        if (global.json) return printJson(status);
        for (const p of status) {
          const models = p.models.map((m) => `${m.model}${m.kind === 'embedding' ? ' (embedding)' : ''}`).join(', ') || 'none';
          process.stdout.write(
            `${p.provider.padEnd(7)} ${p.state.padEnd(11)} ${p.endpoint}${p.version ? ` (v${p.version})` : ''}\n  models: ${models}\n`,
          );
          if (p.lastError) process.stdout.write(`  note: ${p.lastError}\n`);
        }
      });
    });
  providers
    .command('test')
    .description('Connect to a provider now and list what it offers')
    .argument('<provider>', 'ollama or openai')
    .action(async (raw: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const result = await engine.providers.testConnection(providerArgument(raw));
        if (global.json) return printJson(result);
        process.stdout.write(
          result.ok
            ? `${result.provider}: connected in ${Math.round(result.latencyMs)} ms${result.version ? `, version ${result.version}` : ''}, ${result.models} models\n`
            : `${result.provider}: ${result.error}\n`,
        );
        if (!result.ok) process.exitCode = 1;
      });
    });
  providers
    .command('models')
    .description('List a provider’s models with window, size and price')
    .argument('<provider>', 'ollama or openai')
    .action(async (raw: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const models = await engine.providers.listModels(providerArgument(raw));
        if (global.json) return printJson(models);
        for (const m of models) {
          const price = m.inputPrice > 0 ? `, $${m.inputPrice}/$${m.outputPrice} per M tokens` : '';
          process.stdout.write(`${m.model}  ${m.kind}, ${m.tier}, window ${m.contextWindow}${price}\n`);
        }
      });
    });

  const config = program.command('config').description('Provider and router settings (openai.enabled, offline, router.dailyBudgetUsd, …)');
  config
    .command('get')
    .description('Show one setting, or all of them')
    .argument('[key]', 'e.g. openai.enabled')
    .action(async (key: string | undefined, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const values = engine.settings.get(key);
        if (global.json) return printJson(key ? values[0] : values);
        for (const { key: name, value } of values) process.stdout.write(`${name} = ${JSON.stringify(value)}\n`);
      });
    });
  config
    .command('set')
    .description('Change a setting; the value is JSON (true, 2.5, "text", null resets it)')
    .argument('<key>', 'e.g. openai.enabled')
    .argument('<value>', 'e.g. true')
    .action(async (key: string, value: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const result = engine.settings.set(key, parseSettingText(value));
        if (global.json) return printJson(result);
        process.stdout.write(`${result.key} = ${JSON.stringify(result.value)}\n`);
      });
    });

  program
    .command('embedder')
    .description('Switch the library’s embedder: builtin, ollama:MODEL or openai:MODEL; waits while the new index builds')
    .argument('<embedder>', 'e.g. ollama:nomic-embed-text')
    .action(async (spec: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const final = await new Promise<unknown>((resolve, reject) => {
          const stop = engine.events.on('embedder.switch', (progress) => {
            if (!global.json) process.stderr.write(`\r${progress.embedderId}: ${progress.state} ${progress.done}/${progress.total}`);
            if (progress.state !== 'building') {
              stop();
              if (!global.json) process.stderr.write('\n');
              if (progress.state === 'active') resolve(progress);
              else
                reject(
                  new AppError(
                    'provider-error',
                    `The switch to ${progress.embedderId} ${progress.state}: ${progress.error ?? 'no detail'}`,
                  ),
                );
            }
          });
          engine.providers.switchEmbedder(spec).catch((error: unknown) => {
            stop();
            reject(error);
          });
        });
        if (global.json) printJson(final);
        else process.stdout.write(`The library now embeds with ${engine.library.stats().embedder}.\n`);
      });
    });
}
