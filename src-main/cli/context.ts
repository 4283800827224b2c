import { resolve } from 'node:path';
import { ZodError } from 'zod';
import { AppError, toErrorValue } from '../../src-shared/errors';
import { createEngine, type Engine } from '../engine';
import { defaultDataDir } from './data-dir';
import { answerCacheSettingsFromEnv } from '../engine/cache/cache-options';

export interface GlobalOptions {
  readonly dataDir?: string;
  readonly json?: boolean;
}

/** Engine settings every host takes from the environment: answer cache, Ollama and OpenAI endpoints. */
export function engineOptionsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    cache: answerCacheSettingsFromEnv(env),
    environment: { OLLAMA_HOST: env.OLLAMA_HOST, OPENAI_API_KEY: env.OPENAI_API_KEY, OPENAI_BASE_URL: env.OPENAI_BASE_URL },
  };
}

/** Opens the engine on the chosen data folder for one command and always closes it. */
export async function withEngine<T>(
  options: GlobalOptions,
  run: (engine: Engine) => Promise<T>,
  engineOptions: { resumeJobs?: boolean } = {},
): Promise<T> {
  const engine = createEngine({
    dataDir: resolve(options.dataDir ?? defaultDataDir()),
    resumeJobs: engineOptions.resumeJobs ?? false,
    ...engineOptionsFromEnv(),
  });
  try {
    return await run(engine);
  } finally {
    await engine.close();
  }
}

/** One line a person can act on, for any error that reaches the command line. */
export function describeError(error: unknown): string {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return issue ? `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}` : 'invalid input';
  }
  if (error instanceof AppError) return error.message;
  const value = toErrorValue(error);
  return value.code === 'internal' && error instanceof Error ? `${value.message} (${error.message})` : value.message;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Parses a positive integer option or fails with a message naming the option. */
export function positiveInteger(name: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new AppError('validation', `${name} must be a positive whole number, not "${raw}".`);
    return value;
  };
}
