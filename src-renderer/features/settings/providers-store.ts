import { createStore } from 'zustand/vanilla';
import type {
  ConnectionTestResult,
  EmbedderSwitchProgress,
  ModelInfo,
  ProviderId,
  ProviderStatus,
} from '../../../src-shared/schemas/providers';
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
}

export interface ProvidersActions {
  /** Loads provider states and settings, and follows provider and embedder events. */
  start(): Promise<void>;
  stop(): void;
  refresh(): Promise<void>;
  setSetting(key: string, value: unknown): Promise<boolean>;
  testConnection(provider: ProviderId): Promise<void>;
  switchEmbedder(embedder: string): Promise<void>;
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
    return {
      providers: [],
      settings: {},
      tests: {},
      saving: [],
      settingErrors: {},
      embedderSwitch: null,
      error: null,

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
