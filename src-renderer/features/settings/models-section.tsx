import { useEffect, useState } from 'react';
import type { InstallGuide, PullProgress } from '../../../src-shared/schemas/models';
import { useProviders } from '../../app/stores';
import { ProgressBar } from '../../ui/progress-bar';

const systemNames: Record<InstallGuide['system'], string> = { linux: 'Linux', macos: 'macOS', windows: 'Windows', other: 'your system' };

function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Steps to install and start Ollama on the system Quarry runs on. */
function InstallSteps({
  guide,
  endpoint,
  problem,
}: {
  readonly guide: InstallGuide;
  readonly endpoint: string;
  readonly problem: string | null;
}) {
  const loadModels = useProviders((s) => s.loadModels);
  return (
    <div className="install-ollama">
      <p role="status">
        Ollama is not running at {endpoint}
        {problem ? ` (${problem})` : ''}. It runs language models on this computer, so answers never leave it.
      </p>
      <h3>Install Ollama on {systemNames[guide.system]}</h3>
      <ol aria-label={`Install Ollama on ${systemNames[guide.system]}`}>
        {guide.steps.map((step) => (
          <li key={step.text}>
            {step.text}
            {step.command ? <code className="command">{step.command}</code> : null}
          </li>
        ))}
      </ol>
      <p>
        <a href={guide.downloadUrl} target="_blank" rel="noreferrer">
          Download page for {systemNames[guide.system]}
        </a>
      </p>
      <button type="button" onClick={() => void loadModels()}>
        Check again
      </button>
    </div>
  );
}

/** One download: its status line and bytes, with Cancel while it runs and the next step when it is done. */
function PullRow({ pull }: { readonly pull: PullProgress }) {
  const cancelPull = useProviders((s) => s.cancelPull);
  const switchEmbedder = useProviders((s) => s.switchEmbedder);
  const kind = useProviders((s) => s.models?.installed.find((model) => model.model === pull.model.replace(/:latest$/, ''))?.kind);
  const sizes = pull.total > 0 ? ` · ${megabytes(pull.completed)} of ${megabytes(pull.total)}` : '';
  return (
    <li aria-label={`Download of ${pull.model}`}>
      <strong>{pull.model}</strong>
      {pull.state === 'pulling' ? (
        <>
          <ProgressBar
            label={`Downloading ${pull.model}`}
            value={pull.percent}
            max={100}
            text={`${pull.percent ?? 0}% · ${pull.status}${sizes}`}
          />
          <span className="muted" role="status">
            {pull.status}
            {pull.percent !== null ? ` · ${pull.percent}%` : ''}
            {sizes}
          </span>
          <button type="button" onClick={() => void cancelPull(pull.pullId)}>
            Cancel download
          </button>
        </>
      ) : null}
      {pull.state === 'done' ? (
        <span role="status" className="ok-text">
          {kind === 'embedding' ? ' Installed. ' : ' Installed: Quarry answers with it from now on.'}
          {kind === 'embedding' ? (
            <button type="button" onClick={() => void switchEmbedder(`ollama:${pull.model.replace(/:latest$/, '')}`)}>
              Use {pull.model} as the library’s embedder
            </button>
          ) : null}
        </span>
      ) : null}
      {pull.state === 'cancelled' ? <span role="status"> Cancelled: not installed.</span> : null}
      {pull.state === 'failed' ? (
        <span role="alert" className="answer-error">
          {' '}
          Failed: {pull.error}
        </span>
      ) : null}
    </li>
  );
}

function PullForm() {
  const pullModel = useProviders((s) => s.pullModel);
  const [name, setName] = useState('');
  return (
    <form
      className="button-row"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim() === '') return;
        void pullModel(name.trim());
        setName('');
      }}
    >
      <input
        aria-label="Model to download"
        placeholder="another model, e.g. qwen2.5:0.5b"
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <button type="submit">Download</button>
    </form>
  );
}

/** Getting a local model: install steps while Ollama is away; installed and recommended models and downloads when it runs. */
export function ModelsSection() {
  const models = useProviders((s) => s.models);
  const pulls = useProviders((s) => s.pulls);
  const error = useProviders((s) => s.modelsError);
  const loadModels = useProviders((s) => s.loadModels);
  const pullModel = useProviders((s) => s.pullModel);
  const ollamaHost = useProviders((s) => s.settings['ollama.host']);
  useEffect(() => {
    void loadModels();
  }, [loadModels, ollamaHost]);
  const running = new Set(pulls.filter((pull) => pull.state === 'pulling').map((pull) => pull.model.replace(/:latest$/, '')));
  return (
    <section className="panel" aria-labelledby="models-heading">
      <h2 id="models-heading">Local models</h2>
      {error ? <p role="alert">{error}</p> : null}
      {!models ? <p className="muted">Asking Ollama…</p> : null}
      {models && !models.reachable ? <InstallSteps guide={models.install} endpoint={models.endpoint} problem={models.problem} /> : null}
      {models?.reachable ? (
        <>
          <p className="muted">
            Ollama {models.version ? `${models.version} ` : ''}at {models.endpoint}.{' '}
            {models.installed.length === 0 ? 'No model is installed yet.' : ''}
          </p>
          {models.installed.length > 0 ? (
            <ul aria-label="Installed models">
              {models.installed.map((model) => (
                <li key={model.model}>
                  {model.model} <span className="muted">({model.kind === 'chat' ? `chat, ${model.tier}` : 'embedding'})</span>
                </li>
              ))}
            </ul>
          ) : null}
          <ul aria-label="Recommended models" className="recommended-models">
            {models.recommended.map((model) => (
              <li key={model.model}>
                <strong>{model.model}</strong> <span className="muted">{model.description}</span>{' '}
                {model.installed ? (
                  <span className="badge">installed</span>
                ) : (
                  <button type="button" disabled={running.has(model.model)} onClick={() => void pullModel(model.model)}>
                    Download {model.model}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <PullForm />
        </>
      ) : null}
      {pulls.length > 0 ? (
        <ul aria-label="Model downloads" className="model-pulls">
          {pulls.map((pull) => (
            <PullRow key={pull.pullId} pull={pull} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
