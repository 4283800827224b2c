import type { Logger } from 'pino';
import type { EventPayload } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import type {
  ConnectionTestResult,
  ModelInfo,
  ProviderId,
  ProviderSettings,
  ProviderState,
  ProviderStatus,
} from '../../../src-shared/schemas/providers';
import type { EngineEvents } from '../events';
import type { AuditLog } from '../audit/audit-log';
import { isRemoteCall } from './remote-call';
import { describeModel } from './model-catalog';
import type { ChatProvider } from './chat-provider';
import { createOllamaProvider, defaultOllamaHost } from './ollama-provider';
import { createOpenAIProvider, defaultOpenAIBaseUrl } from './openai-provider';
import { createResilientProvider, defaultResilience, type ResilienceOptions, type ResilientProvider } from './resilience';

/** The variables a host passes in (the engine reads no globals). */
export interface ProviderEnvironment {
  readonly OLLAMA_HOST?: string | undefined;
  readonly OPENAI_API_KEY?: string | undefined;
  readonly OPENAI_BASE_URL?: string | undefined;
}

export interface ProviderRegistryDeps {
  readonly settings: () => ProviderSettings;
  readonly environment: ProviderEnvironment;
  readonly events: EngineEvents;
  readonly logger: Logger;
  /** Every call that carried document text to another machine is audited. */
  readonly audit: AuditLog;
  /** Retry, breaker and queue tuning; tests shorten the waits. */
  readonly resilience?: Partial<Omit<ResilienceOptions, 'timeouts' | 'maxConcurrent'>>;
  /** How long a model list stays fresh, and how soon an unreachable provider is asked again. */
  readonly modelsTtlMs?: number;
  readonly retryUnreachableMs?: number;
}

interface Entry {
  readonly signature: string;
  readonly provider: ResilientProvider;
  models: ModelInfo[];
  version: string | null;
  checkedAt: number | null;
  probing: Promise<void> | null;
}

const names: Record<ProviderId, string> = { ollama: 'Ollama', openai: 'OpenAI' };

export interface ProviderRegistry {
  /** Chat models the router may choose from now. */
  chatModels(): Promise<ModelInfo[]>;
  /** Why a provider offers no chat model now, in words for the route's explanation. */
  unavailable(): string[];
  health(): Record<
    ProviderId,
    {
      state: ProviderState;
      firstTokenMs: number | null;
    }
  >;
  /** The resilient provider to call; refuses one that is not allowed now. */
  provider(id: ProviderId): ResilientProvider;
  modelInfo(id: ProviderId, model: string): ModelInfo;
  status(): Promise<ProviderStatus[]>;
  /** Asks the provider for its models and version now (OpenAI only when it is turned on). */
  testConnection(id: ProviderId): Promise<ConnectionTestResult>;
  /** Every model the provider offers (chat and embedding), asked now. */
  listModels(id: ProviderId): Promise<ModelInfo[]>;
}

/**
 * The providers as the settings and environment configure them, each wrapped in its resilience
 * policies; rebuilt when their settings change. OpenAI is never called unless turned on and not
 * offline: its models come from the settings, so routing a question sends it nothing.
 */
export function createProviderRegistry(deps: ProviderRegistryDeps): ProviderRegistry {
  /** Chat passages or texts to embed that went to another machine: who, where, how much. */
  function auditRemoteCall(call: EventPayload<'provider.call'>): void {
    deps.audit.record({
      action: 'provider.call',
      target: `${call.provider}:${call.model}`,
      details: {
        kind: call.kind,
        bytesSent: call.bytesSent,
        endpoint: new URL(call.endpoint).host,
        outcome: call.outcome,
        attempts: call.attempts,
      },
    });
  }

  const entries = new Map<ProviderId, Entry>();
  const modelsTtlMs = deps.modelsTtlMs ?? 30_000;
  const retryUnreachableMs = deps.retryUnreachableMs ?? 5_000;

  function ollamaHost(settings: ProviderSettings): string {
    return settings.ollama.host ?? deps.environment.OLLAMA_HOST ?? defaultOllamaHost;
  }

  function openaiConfig(settings: ProviderSettings) {
    return {
      apiKey: settings.openai.apiKey ?? deps.environment.OPENAI_API_KEY ?? null,
      baseUrl: settings.openai.baseUrl ?? deps.environment.OPENAI_BASE_URL ?? defaultOpenAIBaseUrl,
    };
  }

  /** Whether calls to the provider are allowed now, and if not, why. */
  function allowed(id: ProviderId, settings: ProviderSettings): string | null {
    if (id === 'ollama') return settings.ollama.enabled ? null : 'Ollama is turned off';
    if (settings.offline) return 'offline mode is on';
    if (!settings.openai.enabled) return 'OpenAI is not turned on';
    if (!openaiConfig(settings).apiKey) return 'no OpenAI API key is set (OPENAI_API_KEY or openai.apiKey)';
    return null;
  }

  function build(id: ProviderId, settings: ProviderSettings): { raw: ChatProvider; signature: string; options: ResilienceOptions } {
    const overrides = { prices: settings.router.prices, contextWindows: settings.router.contextWindows };
    if (id === 'ollama') {
      const host = ollamaHost(settings);
      const options = {
        ...defaultResilience,
        ...deps.resilience,
        timeouts: settings.ollama.timeouts,
        maxConcurrent: settings.ollama.maxConcurrent,
      };
      return { raw: createOllamaProvider({ host, overrides }), signature: JSON.stringify([host, overrides, options]), options };
    }
    const config = openaiConfig(settings);
    const options = {
      ...defaultResilience,
      ...deps.resilience,
      timeouts: settings.openai.timeouts,
      maxConcurrent: settings.openai.maxConcurrent,
    };
    const raw = createOpenAIProvider({
      apiKey: config.apiKey ?? '',
      baseUrl: config.baseUrl,
      chatModels: settings.openai.chatModels,
      embedModel: settings.openai.embedModel,
      overrides,
    });
    return {
      raw,
      signature: JSON.stringify([config, settings.openai.chatModels, settings.openai.embedModel, overrides, options]),
      options,
    };
  }

  const builtFor = new Map<ProviderId, ProviderSettings>();

  function entry(id: ProviderId): Entry {
    const settings = deps.settings();
    const existing = entries.get(id);
    // The settings object is replaced on every change, so the same object means nothing to rebuild.
    if (existing && builtFor.get(id) === settings) return existing;
    builtFor.set(id, settings);
    const built = build(id, settings);
    if (existing && existing.signature === built.signature) {
      existing.provider.setDisabled(allowed(id, settings) !== null);
      return existing;
    }
    const provider = createResilientProvider(
      built.raw,
      built.options,
      (change) => {
        deps.logger.info({ provider: id, ...change }, 'provider state');
        deps.events.emit('provider.state', {
          provider: id,
          state: change.state,
          previous: change.previous,
          reason: change.reason,
          at: Date.now(),
        });
      },
      (report) => {
        deps.events.emit('provider.call', report);
        if (isRemoteCall(report) && report.bytesSent > 0) auditRemoteCall(report);
      },
    );
    provider.setDisabled(allowed(id, settings) !== null);
    const fresh: Entry = { signature: built.signature, provider, models: [], version: null, checkedAt: null, probing: null };
    entries.set(id, fresh);
    return fresh;
  }

  async function probe(current: Entry): Promise<void> {
    current.probing ??= current.provider
      .probe()
      .then((found) => {
        current.models = found.models;
        current.version = found.version;
      })
      .catch((error: unknown) => {
        current.models = [];
        deps.logger.debug({ err: error, provider: current.provider.id }, 'provider probe failed');
      })
      .finally(() => {
        current.checkedAt = Date.now();
        current.probing = null;
      });
    await current.probing;
  }

  /** Ollama's installed models, asked again when the list is stale (sooner while it is unreachable). */
  async function ollamaModels(): Promise<ModelInfo[]> {
    const current = entry('ollama');
    if (current.provider.state() === 'disabled') return [];
    const age = current.checkedAt === null ? Number.POSITIVE_INFINITY : Date.now() - current.checkedAt;
    const ttl = current.provider.state() === 'unreachable' ? retryUnreachableMs : modelsTtlMs;
    if (age > ttl) await probe(current);
    return current.models;
  }

  function openaiModels(): ModelInfo[] {
    const settings = deps.settings();
    if (allowed('openai', settings) !== null) return [];
    const overrides = { prices: settings.router.prices, contextWindows: settings.router.contextWindows };
    return settings.openai.chatModels.map((model) => describeModel('openai', model, {}, overrides));
  }

  function statusOf(id: ProviderId): ProviderStatus {
    const current = entry(id);
    const settings = deps.settings();
    return {
      provider: id,
      state: current.provider.state(),
      enabled: allowed(id, settings) === null,
      endpoint: current.provider.endpoint,
      version: current.version,
      models: id === 'ollama' ? current.models : openaiModels(),
      lastError: allowed(id, settings) ?? current.provider.lastError(),
      firstTokenMs: current.provider.firstTokenMs(),
      inFlight: current.provider.inFlight(),
      checkedAt: current.checkedAt,
    };
  }

  return {
    /** Chat models the router may choose from now. */
    async chatModels(): Promise<ModelInfo[]> {
      const ollama = await ollamaModels();
      return [...ollama, ...openaiModels()].filter((m) => m.kind === 'chat');
    },
    /** Why a provider offers no chat model now, in words for the route's explanation. */
    unavailable(): string[] {
      const settings = deps.settings();
      const notes: string[] = [];
      const ollama = entry('ollama');
      const ollamaBlock = allowed('ollama', settings);
      if (ollamaBlock) notes.push(ollamaBlock);
      else if (ollama.provider.state() === 'unreachable') notes.push(`Ollama is not reachable at ${ollama.provider.endpoint}`);
      else if (!ollama.models.some((m) => m.kind === 'chat')) notes.push('Ollama has no chat model installed');
      const openaiBlock = allowed('openai', settings);
      if (openaiBlock) notes.push(openaiBlock);
      return notes;
    },
    health(): Record<ProviderId, { state: ProviderState; firstTokenMs: number | null }> {
      const of = (id: ProviderId) => ({ state: entry(id).provider.state(), firstTokenMs: entry(id).provider.firstTokenMs() });
      return { ollama: of('ollama'), openai: of('openai') };
    },
    /** The resilient provider to call; refuses one that is not allowed now. */
    provider(id: ProviderId): ResilientProvider {
      const reason = allowed(id, deps.settings());
      if (reason) throw new AppError('privacy-blocked', `${names[id]} cannot be used: ${reason}.`);
      return entry(id).provider;
    },
    modelInfo(id: ProviderId, model: string): ModelInfo {
      const settings = deps.settings();
      const known = id === 'ollama' ? entry('ollama').models.find((m) => m.model === model) : undefined;
      return known ?? describeModel(id, model, {}, { prices: settings.router.prices, contextWindows: settings.router.contextWindows });
    },
    async status(): Promise<ProviderStatus[]> {
      await ollamaModels();
      return [statusOf('ollama'), statusOf('openai')];
    },
    /** Asks the provider for its models and version now (OpenAI only when it is turned on). */
    async testConnection(id: ProviderId): Promise<ConnectionTestResult> {
      const started = performance.now();
      const reason = allowed(id, deps.settings());
      if (reason)
        return { provider: id, ok: false, version: null, models: 0, latencyMs: 0, error: `${names[id]} was not contacted: ${reason}.` };
      const current = entry(id);
      try {
        const found = await current.provider.probe();
        current.models = id === 'ollama' ? found.models : current.models;
        current.version = found.version;
        current.checkedAt = Date.now();
        return {
          provider: id,
          ok: true,
          version: found.version,
          models: found.models.length,
          latencyMs: performance.now() - started,
          error: null,
        };
      } catch (error) {
        return {
          provider: id,
          ok: false,
          version: null,
          models: 0,
          latencyMs: performance.now() - started,
          error: error instanceof Error ? error.message : String(error),
        };
      }
    },
    /** Every model the provider offers (chat and embedding), asked now. */
    async listModels(id: ProviderId): Promise<ModelInfo[]> {
      const reason = allowed(id, deps.settings());
      if (reason) throw new AppError('privacy-blocked', `${names[id]} was not contacted: ${reason}.`);
      return (await entry(id).provider.probe()).models;
    },
  };
}
