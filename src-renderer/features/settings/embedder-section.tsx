import { useState } from 'react';
import { useProviders, useSettings } from '../../app/stores';
import { ProgressBar } from '../../ui/progress-bar';

/** Which embedder indexes the library, and switching to another with its re-index progress. */
export function EmbedderSection() {
  const active = useSettings((s) => s.stats?.embedder ?? null);
  const providers = useProviders((s) => s.providers);
  const openaiModel = useProviders((s) => s.settings['openai.embedModel']);
  const progress = useProviders((s) => s.embedderSwitch);
  const switchEmbedder = useProviders((s) => s.switchEmbedder);
  const [choice, setChoice] = useState('builtin');
  const ollama = providers.find((provider) => provider.provider === 'ollama');
  const openai = providers.find((provider) => provider.provider === 'openai');
  const options = [
    { value: 'builtin', label: 'Built-in (learns from your library, works offline)' },
    ...(ollama?.enabled
      ? ollama.models
          .filter((model) => model.kind === 'embedding')
          .map((model) => ({ value: `ollama:${model.model}`, label: `Ollama · ${model.model}` }))
      : []),
    ...(openai?.enabled && typeof openaiModel === 'string'
      ? [{ value: `openai:${openaiModel}`, label: `OpenAI · ${openaiModel} (cloud)` }]
      : []),
  ];
  const building = progress?.state === 'building';
  return (
    <section className="panel" aria-labelledby="embedder-heading">
      <h2 id="embedder-heading">Embedder</h2>
      <p>
        In use: <strong>{active ?? '…'}</strong>
      </p>
      <p className="muted">
        Switching builds a new index beside the current one; questions keep using the current one until the new one is complete.
      </p>
      <div className="button-row">
        <select aria-label="Embedder to switch to" value={choice} onChange={(event) => setChoice(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <button type="button" disabled={building} onClick={() => void switchEmbedder(choice)}>
          Switch embedder
        </button>
      </div>
      {progress ? (
        <div className="embedder-progress">
          <ProgressBar
            label="Re-index progress"
            value={progress.done}
            max={Math.max(progress.total, 1)}
            text={`${progress.done} of ${progress.total} passages`}
          />
          <p className="muted" role="status">
            {progress.state === 'building'
              ? `Re-indexing with ${progress.embedderId}: ${progress.done} of ${progress.total} passages`
              : null}
            {progress.state === 'active' ? `${progress.embedderId} is now in use.` : null}
            {progress.state === 'failed' ? `The switch failed: ${progress.error ?? 'unknown reason'}` : null}
            {progress.state === 'cancelled' ? 'The switch was cancelled.' : null}
          </p>
        </div>
      ) : null}
    </section>
  );
}
