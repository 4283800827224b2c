import type { ProviderId, ProviderStatus } from '../../../src-shared/schemas/providers';
import { useProviders } from '../../app/stores';
import { SettingField, SettingSwitch } from './setting-controls';

const stateWords: Record<ProviderStatus['state'], string> = {
  healthy: 'Working',
  degraded: 'Slow or retrying',
  open: 'Paused after repeated failures',
  unreachable: 'Not reachable',
  disabled: 'Turned off',
};

function ConnectionTest({ provider }: { readonly provider: ProviderId }) {
  const test = useProviders((s) => s.tests[provider]);
  const testConnection = useProviders((s) => s.testConnection);
  return (
    <div className="button-row">
      <button type="button" disabled={test === 'running'} onClick={() => void testConnection(provider)}>
        {test === 'running' ? 'Testing…' : 'Test connection'}
      </button>
      {test && test !== 'running' ? (
        <span role="status" className={test.ok ? 'ok-text' : 'answer-error'}>
          {test.ok
            ? `Connected${test.version ? ` (version ${test.version})` : ''}: ${test.models} models, ${Math.round(test.latencyMs)} ms`
            : `Failed: ${test.error ?? 'no answer'}`}
        </span>
      ) : null}
    </div>
  );
}

function ProviderHead({ status, title }: { readonly status: ProviderStatus | undefined; readonly title: string }) {
  return (
    <div className="provider-head">
      <h3>{title}</h3>
      {status ? (
        <span className={`badge state-${status.state}`}>
          {stateWords[status.state]}
          {status.lastError && status.state !== 'healthy' ? ` — ${status.lastError}` : ''}
        </span>
      ) : null}
    </div>
  );
}

function OllamaCard() {
  const status = useProviders((s) => s.providers.find((provider) => provider.provider === 'ollama'));
  const preferred = useProviders((s) => s.settings['ollama.chatModel']);
  const setSetting = useProviders((s) => s.setSetting);
  const chatModels = status?.models.filter((model) => model.kind === 'chat') ?? [];
  return (
    <div className="provider">
      <ProviderHead status={status} title="Ollama (on this computer)" />
      <SettingSwitch settingKey="ollama.enabled" label="Use Ollama" />
      <SettingField settingKey="ollama.host" label="Ollama address" type="url" placeholder={status?.endpoint ?? 'http://127.0.0.1:11434'} />
      <label className="field">
        <span>Preferred chat model</span>
        <select
          aria-label="Preferred Ollama chat model"
          value={typeof preferred === 'string' ? preferred : ''}
          onChange={(event) => void setSetting('ollama.chatModel', event.target.value || null)}
        >
          <option value="">Let the router choose</option>
          {chatModels.map((model) => (
            <option key={model.model} value={model.model}>
              {model.model} ({model.tier}, {Math.round(model.contextWindow / 1024)}k context)
            </option>
          ))}
        </select>
      </label>
      {status && chatModels.length === 0 ? <p className="muted">Ollama reports no chat models yet.</p> : null}
      <ConnectionTest provider="ollama" />
    </div>
  );
}

function OpenAICard(props: { readonly keyNote: string }) {
  const status = useProviders((s) => s.providers.find((provider) => provider.provider === 'openai'));
  return (
    <div className="provider">
      <ProviderHead status={status} title="OpenAI or a compatible server (cloud)" />
      <SettingSwitch settingKey="openai.enabled" label="Use OpenAI" hint="questions and passages are sent to this service" />
      <SettingField settingKey="openai.baseUrl" label="Base URL" type="url" placeholder="https://api.openai.com/v1" />
      <SettingField settingKey="openai.apiKey" label="API key" type="password" placeholder="sk-…" hint={props.keyNote} />
      <ConnectionTest provider="openai" />
    </div>
  );
}

/** Providers and their connection tests, the router's budget and latency targets. */
export function ProvidersSection(props: { readonly keyNote: string }) {
  const error = useProviders((s) => s.error);
  return (
    <>
      <section className="panel" aria-labelledby="providers-heading">
        <h2 id="providers-heading">Model providers</h2>
        {error ? <p role="alert">{error}</p> : null}
        <OllamaCard />
        <OpenAICard keyNote={props.keyNote} />
      </section>
      <section className="panel" aria-labelledby="router-heading">
        <h2 id="router-heading">Router</h2>
        <p className="muted">
          For each question Quarry picks a model within these limits; the choice and its reason show under every answer.
        </p>
        <SettingField
          settingKey="router.dailyBudgetUsd"
          label="Daily budget for paid models (US$)"
          type="number"
          hint="0 keeps every question on free models."
        />
        <SettingField settingKey="router.latencyTargetMs" label="Target time to first word (ms)" type="number" />
      </section>
    </>
  );
}
