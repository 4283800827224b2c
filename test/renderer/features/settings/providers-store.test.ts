import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatModelChoices, createProvidersStore, type ProvidersStore } from '../../../../src-renderer/features/settings/providers-store';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';
import { createEngineClient, eventually, type EngineClient } from '../../../helpers/engine-client';

let ollama: FakeOllama;
let setup: EngineClient;
let store: ProvidersStore;

beforeEach(async () => {
  ollama = await startFakeOllama();
  setup = createEngineClient({ environment: { OLLAMA_HOST: ollama.url } });
  store = createProvidersStore(setup.client);
  await store.getState().start();
});

afterEach(async () => {
  store.getState().stop();
  await setup.close();
  await ollama.close();
});

describe('providers store', () => {
  it('loads both providers and every setting with its default', () => {
    const state = store.getState();
    expect(state.error).toBeNull();
    expect(state.providers.map((provider) => provider.provider).sort()).toEqual(['ollama', 'openai']);
    expect(state.settings).toMatchObject({ offline: false, 'openai.enabled': false, 'router.dailyBudgetUsd': 1 });
  });

  it("offers the chat models Ollama reports as per-question choices, and none of OpenAI's while it is off", () => {
    const choices = chatModelChoices(store.getState()).map((choice) => choice.value);
    expect(choices).toContain('ollama:llama3.2');
    expect(choices.some((choice) => choice.startsWith('openai:'))).toBe(false);
  });

  it('tests a connection and reports what the provider said', async () => {
    await store.getState().testConnection('ollama');
    expect(store.getState().tests.ollama).toMatchObject({ ok: true, models: expect.any(Number), error: null });
    await store.getState().testConnection('openai');
    expect(store.getState().tests.openai).toMatchObject({ ok: false, error: expect.stringMatching(/not turned on/) });
  });

  it('saves a setting in the engine so a fresh store (a reload) sees it, and shows why a value is refused', async () => {
    expect(await store.getState().setSetting('offline', true)).toBe(true);
    expect(store.getState().settings.offline).toBe(true);
    const reloaded = createProvidersStore(setup.client);
    await reloaded.getState().refresh();
    expect(reloaded.getState().settings.offline).toBe(true);

    expect(await store.getState().setSetting('router.dailyBudgetUsd', -5)).toBe(false);
    expect(store.getState().settingErrors['router.dailyBudgetUsd']).toMatch(/router\.dailyBudgetUsd/);
    expect(store.getState().settings['router.dailyBudgetUsd']).toBe(1);
    expect(store.getState().saving).toEqual([]);
  });

  it('lists models, downloads a recommended one with progress from its events, and offers it at once', async () => {
    await store.getState().loadModels();
    expect(store.getState().models).toMatchObject({ reachable: true, version: '0.6.8' });
    ollama.fail('/api/pull', { tokenDelayMs: 30 });
    await store.getState().pullModel('qwen2.5:0.5b');
    await eventually(() => expect(store.getState().pulls[0]).toMatchObject({ model: 'qwen2.5:0.5b', state: 'done', percent: 100 }));
    await eventually(() => expect(chatModelChoices(store.getState()).map((choice) => choice.value)).toContain('ollama:qwen2.5:0.5b'));
    await eventually(() => expect(store.getState().models?.installed.map((model) => model.model)).toContain('qwen2.5:0.5b'));
  });

  it('cancels a download, and shows the reason a download could not start', async () => {
    ollama.fail('/api/pull', { tokenDelayMs: 100 });
    await store.getState().pullModel('qwen2.5:0.5b');
    const pullId = store.getState().pulls[0]!.pullId;
    await store.getState().cancelPull(pullId);
    await eventually(() => expect(store.getState().pulls[0]).toMatchObject({ pullId, state: 'cancelled' }));
    await store.getState().pullModel('not a model!');
    expect(store.getState().modelsError).toMatch(/model name looks like/);
  });
});
