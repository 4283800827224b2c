import { createStore } from 'zustand/vanilla';
import type {
  ConnectionTestResult,
  EmbedderSwitchProgress,
  ModelInfo,
  ProviderId,
  ProviderStatus,
} from '../../../src-shared/schemas/providers';
import type { ModelsOverview, PullProgress } from '../../../src-shared/schemas/models';
import type { QuarryClient } from '../../api';
import { ClientError } from '../../api';

export interface ProvidersState {
  readonly providers: readonly ProviderStatus[];
  /** Provider and router settings by key (`offline`, `ollama.host`, `router.dailyBudgetUsd`, …). */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly tests: Readonly<Partial<Record<ProviderId, ConnectionTestResult | 'running'>>>;
  /** Keys with a change on its way to the engine. */
  readonly saving: readonly string[];
  /** Why the last change of a key was refused, by key. */
  readonly settingErrors: Readonly<Record<string, string>>;
  readonly embedderSwitch: EmbedderSwitchProgress | null;
  readonly error: string | null;
  /** Ollama's models, what to pull and how to install it; null until asked. */
  readonly models: ModelsOverview | null;
  /** Model downloads by id, newest first, as their events report them. */
  readonly pulls: readonly PullProgress[];
  /** Why the models could not be listed or a download not started; null when they could. */
  readonly modelsError: string | null;
}

export interface ProvidersActions {
  /** Loads provider states and settings, and follows provider and embedder events. */
  start(): Promise<void>;
  stop(): void;
  refresh(): Promise<void>;
  setSetting(key: string, value: unknown): Promise<boolean>;
  testConnection(provider: ProviderId): Promise<void>;
  switchEmbedder(embedder: string): Promise<void>;
  /** Asks Ollama now for its state and models (after installing or starting it). */
  loadModels(): Promise<void>;
  pullModel(model: string): Promise<void>;
  cancelPull(pullId: string): Promise<void>;
}

export type ProvidersStore = ReturnType<typeof createProvidersStore>;

/** Chat models the providers report now, as `provider:model` choices for a per-question override. */
export function chatModelChoices(state: Pick<ProvidersState, 'providers'>): { value: string; label: string }[] {
  return state.providers
    .filter((provider) => provider.enabled)
    .flatMap((provider) => provider.models.filter((model: ModelInfo) => model.kind === 'chat'))
    .map((model) => ({
      value: `${model.provider}:${model.model}`,
      label: `${model.provider === 'ollama' ? 'Ollama' : 'OpenAI'} · ${model.model}${model.remote ? ' (cloud)' : ''}`,
    }));
}

const messageOf = (error: unknown) => (error instanceof ClientError ? error.message : 'Quarry could not be reached.');

/** The providers' state and the provider, router and embedder settings behind the Settings screen. */
export function createProvidersStore(client: QuarryClient) {
  let unsubscribers: (() => void)[] = [];
  return createStore<ProvidersState & ProvidersActions>()((set, get) => {
    const load = async () => {
      const [providers, values] = await Promise.all([client.call('providers.status', {}), client.call('settings.get', {})]);
      set({ providers, settings: Object.fromEntries(values.map((entry) => [entry.key, entry.value])), error: null });
    };
    const notePull = (progress: PullProgress) =>
      set({ pulls: [progress, ...get().pulls.filter((pull) => pull.pullId !== progress.pullId)] });
    return {
      providers: [],
      settings: {},
      tests: {},
      saving: [],
      settingErrors: {},
      embedderSwitch: null,
      error: null,
      models: null,
      pulls: [],
      modelsError: null,

      async start() {
        get().stop();
        unsubscribers = [
          client.on(
            'provider.state',
            () =>
              void client.call('providers.status', {}).then(
                (providers) => set({ providers }),
                () => undefined,
              ),
          ),
          client.on('embedder.switch', (progress) => set({ embedderSwitch: progress })),
          client.on('models.pull', notePull),
          client.on('models.pulled', (progress) => {
            notePull(progress);
            // A finished model is offered at once: in the model lists, the embedder switch, the router.
            if (progress.state === 'done') void Promise.all([get().loadModels(), get().refresh()]);
          }),
        ];
        await get().refresh();
      },
      stop() {
        unsubscribers.forEach((unsubscribe) => unsubscribe());
        unsubscribers = [];
      },
      async refresh() {
        try {
          await load();
        } catch (error) {
          set({ error: messageOf(error) });
        }
      },
      async setSetting(key, value) {
        const { [key]: _previous, ...otherErrors } = get().settingErrors;
        set({ saving: [...get().saving, key], settingErrors: otherErrors });
        try {
          const saved = await client.call('settings.set', { key, value });
          set({ settings: { ...get().settings, [saved.key]: saved.value } });
          // Turning a provider on or off, or moving it, changes its state and models.
          set({ providers: await client.call('providers.status', {}) });
          return true;
        } catch (error) {
          set({ settingErrors: { ...get().settingErrors, [key]: messageOf(error) } });
          return false;
        } finally {
          set({ saving: get().saving.filter((candidate) => candidate !== key) });
        }
      },
      async testConnection(provider) {
        set({ tests: { ...get().tests, [provider]: 'running' } });
        try {
          const result = await client.call('providers.test', { provider });
          set({ tests: { ...get().tests, [provider]: result } });
        } catch (error) {
          const failed: ConnectionTestResult = { provider, ok: false, version: null, models: 0, latencyMs: 0, error: messageOf(error) };
          set({ tests: { ...get().tests, [provider]: failed } });
        }
      },
      async loadModels() {
        try {
          const models = await client.call('models.overview', {});
          const known = new Set(get().pulls.map((pull) => pull.pullId));
          set({ models, modelsError: null, pulls: [...get().pulls, ...models.pulls.filter((pull) => !known.has(pull.pullId))] });
        } catch (error) {
          set({ modelsError: messageOf(error) });
        }
      },
      async pullModel(model) {
        try {
          const started = await client.call('models.pull', { model });
          // Its events may have come first (a fast download): they are newer than this reply.
          if (!get().pulls.some((pull) => pull.pullId === started.pullId)) notePull(started);
          set({ modelsError: null });
        } catch (error) {
          set({ modelsError: messageOf(error) });
        }
      },
      async cancelPull(pullId) {
        await client.call('models.cancelPull', { pullId }).catch((error: unknown) => set({ modelsError: messageOf(error) }));
      },
      async switchEmbedder(embedder) {
        try {
          set({ embedderSwitch: await client.call('embedder.switch', { embedder }), error: null });
        } catch (error) {
          set({ error: messageOf(error) });
        }
      },
    };
  });
}
