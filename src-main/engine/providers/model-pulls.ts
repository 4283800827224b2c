import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError, toErrorValue } from '../../../src-shared/errors';
import type { ModelsOverview, PullProgress } from '../../../src-shared/schemas/models';
import type { EngineEvents } from '../events';
import { ollamaInstallGuide, operatingSystemOf, recommendedModels } from './ollama-setup';
import { pullOllamaModel, type PullStatusLine } from './ollama-pull';
import type { ProviderRegistry } from './provider-registry';

export interface ModelPullsDeps {
  readonly registry: ProviderRegistry;
  readonly events: EngineEvents;
  readonly logger: Logger;
  /** `process.platform` of the machine Ollama must run on (the engine's). */
  readonly platform: string;
  /** Progress events at most this often while bytes arrive (status changes always go out). */
  readonly progressIntervalMs?: number;
}

/** Local models through Ollama as hosts see them: what is installed, what to pull, downloads as long jobs. */
export interface ModelsApi {
  /** Starts pulling a model; refuses a second pull of the same model while one runs. */
  start(model: string): PullProgress;
  cancel(pullId: string): boolean;
  progress(pullId: string): PullProgress;
  /** Resolves when the pull has finished, with its last progress. */
  wait(pullId: string): Promise<PullProgress>;
  /** Ollama's state and models, what to pull, how to install it, and the pulls of this session. */
  overview(): Promise<ModelsOverview>;
}

/** Model downloads as long jobs; see `createModelPulls`. */
export interface ModelPulls extends ModelsApi {
  /** Stops every download (the engine is closing). */
  close(): void;
}

interface RunningPull {
  progress: PullProgress;
  readonly controller: AbortController;
  readonly layers: Map<string, { total: number; completed: number }>;
  lastEmit: number;
}

/** Finished pulls kept for the Settings screen and `models.pullProgress`. */
const keptFinished = 20;

/**
 * Model downloads through Ollama as long jobs: `start` returns at once with an id, status lines
 * arrive as `models.pull` events and the end as one `models.pulled`, `cancel` aborts the stream. A finished chat model is offered to the
 * router at once (the provider's model list is asked again). Pulls live in memory: Ollama keeps the
 * layers it has, so a pull cut off by a restart resumes when it is started again.
 */
export function createModelPulls(deps: ModelPullsDeps): ModelPulls {
  const pulls = new Map<string, RunningPull>();
  const intervalMs = deps.progressIntervalMs ?? 100;

  function emit(pull: RunningPull, force: boolean): void {
    const now = Date.now();
    if (!force && now - pull.lastEmit < intervalMs) return;
    pull.lastEmit = now;
    deps.events.emit('models.pull', pull.progress);
  }

  function apply(pull: RunningPull, line: PullStatusLine): void {
    if (line.digest && line.total !== null) {
      pull.layers.set(line.digest, { total: line.total, completed: line.completed ?? 0 });
    }
    let total = 0;
    let completed = 0;
    for (const layer of pull.layers.values()) {
      total += layer.total;
      completed += Math.min(layer.completed, layer.total);
    }
    const statusChanged = line.status !== pull.progress.status;
    pull.progress = {
      ...pull.progress,
      status: line.status,
      digest: line.digest ?? pull.progress.digest,
      total,
      completed,
      percent: total > 0 ? Math.round((completed / total) * 1000) / 10 : null,
    };
    emit(pull, statusChanged);
  }

  function finish(pull: RunningPull, state: PullProgress['state'], error: string | null): void {
    pull.progress = { ...pull.progress, state, error, finishedAt: Date.now() };
    deps.events.emit('models.pulled', pull.progress);
    const finished = [...pulls.values()].filter((candidate) => candidate.progress.state !== 'pulling');
    for (const old of finished.slice(0, Math.max(0, finished.length - keptFinished))) pulls.delete(old.progress.pullId);
  }

  function progressOf(pullId: string): PullProgress {
    const pull = pulls.get(pullId);
    if (!pull) throw new AppError('not-found', `No model download ${pullId}.`);
    return pull.progress;
  }

  async function run(pull: RunningPull): Promise<void> {
    const host = deps.registry.provider('ollama').endpoint;
    try {
      await pullOllamaModel(host, pull.progress.model, pull.controller.signal, (line) => apply(pull, line));
      // Ask Ollama for its models now, so the router and the Settings screen see the new one at once.
      await deps.registry.testConnection('ollama');
      finish(pull, 'done', null);
    } catch (error) {
      if (pull.controller.signal.aborted) return finish(pull, 'cancelled', null);
      const value = toErrorValue(error);
      if (value.code === 'internal') deps.logger.error({ err: error, model: pull.progress.model }, 'model pull failed');
      finish(pull, 'failed', value.code === 'internal' ? `The download stopped: ${(error as Error).message}` : value.message);
    }
  }

  return {
    /** Starts pulling a model; refuses a second pull of the same model while one runs. */
    start(model: string): PullProgress {
      deps.registry.provider('ollama');
      const busy = [...pulls.values()].find((pull) => pull.progress.model === model && pull.progress.state === 'pulling');
      if (busy) throw new AppError('conflict', `${model} is already being downloaded.`);
      const pull: RunningPull = {
        controller: new AbortController(),
        layers: new Map(),
        lastEmit: 0,
        progress: {
          pullId: randomUUID(),
          model,
          state: 'pulling',
          status: 'starting',
          digest: null,
          completed: 0,
          total: 0,
          percent: null,
          error: null,
          startedAt: Date.now(),
          finishedAt: null,
        },
      };
      pulls.set(pull.progress.pullId, pull);
      void run(pull);
      return pull.progress;
    },
    cancel(pullId: string): boolean {
      const pull = pulls.get(pullId);
      if (!pull || pull.progress.state !== 'pulling') return false;
      pull.controller.abort(new AppError('cancelled', 'The download was cancelled.'));
      return true;
    },
    progress: progressOf,
    /** Resolves when the pull has finished, with its last progress. */
    wait(pullId: string): Promise<PullProgress> {
      const current = progressOf(pullId);
      if (current.state !== 'pulling') return Promise.resolve(current);
      return new Promise((resolve) => {
        const stop = deps.events.on('models.pulled', (progress) => {
          if (progress.pullId !== pullId) return;
          stop();
          resolve(progress);
        });
      });
    },
    /** Ollama's state and models, what to pull, how to install it, and the pulls of this session. */
    async overview(): Promise<ModelsOverview> {
      // Asked now: this is what a person looks at right after installing or starting Ollama.
      const test = await deps.registry.testConnection('ollama');
      const status = (await deps.registry.status()).find((provider) => provider.provider === 'ollama')!;
      const installed = test.ok ? status.models : [];
      return {
        endpoint: status.endpoint,
        reachable: test.ok,
        problem: test.ok ? null : (test.error ?? `Ollama is not reachable at ${status.endpoint}.`),
        version: test.ok ? test.version : null,
        installed,
        recommended: recommendedModels(installed),
        install: ollamaInstallGuide(operatingSystemOf(deps.platform)),
        pulls: [...pulls.values()].map((pull) => pull.progress).reverse(),
      };
    },
    /** Stops every download (the engine is closing). */
    close(): void {
      for (const pull of pulls.values()) pull.controller.abort(new AppError('cancelled', 'Quarry is shutting down.'));
    },
  };
}
