import { useEffect } from 'react';
import { useApp, useSettings, useStores } from '../../app/stores';
import type { ThemeChoice } from '../../app/app-store';
import { shortcutLabels } from '../../app/shortcuts';
import { ErrorBanner } from '../../ui/error-banner';
import { formatBytes } from '../../ui/format';
import { CacheSection } from './cache-section';
import { ProvidersSection } from './providers-section';
import { EmbedderSection } from './embedder-section';
import { ModelsSection } from './models-section';
import { SettingSwitch } from './setting-controls';

const themes: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

function Appearance() {
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  return (
    <section className="panel" aria-labelledby="appearance-heading">
      <h2 id="appearance-heading">Appearance</h2>
      <div role="radiogroup" aria-labelledby="appearance-heading" className="radio-row">
        {themes.map((option) => (
          <label key={option.value} className="radio">
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => setTheme(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
    </section>
  );
}

function Privacy() {
  const collections = useSettings((s) => s.collections);
  const saving = useSettings((s) => s.saving);
  const setCollectionPrivate = useSettings((s) => s.setCollectionPrivate);
  return (
    <section className="panel" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">Privacy</h2>
      <SettingSwitch settingKey="offline" label="Offline" hint="no question or passage ever leaves this computer" />
      <SettingSwitch settingKey="libraryPrivate" label="Treat the whole library as private" />
      <p className="muted">A private collection is never sent to a cloud model; only models on this computer may read it.</p>
      {collections.length === 0 ? (
        <p className="muted">No collections yet: they appear here once you add documents.</p>
      ) : (
        <ul className="toggle-list">
          {collections.map((collection) => (
            <li key={collection.name}>
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  aria-label={`Keep “${collection.name}” private`}
                  checked={collection.private}
                  disabled={saving.includes(collection.name)}
                  onChange={(event) => void setCollectionPrivate(collection.name, event.target.checked)}
                />
                <span>
                  <strong>{collection.name}</strong>
                  <span className="muted">
                    {' '}
                    · {collection.documents} documents · {collection.private ? 'private' : 'may be sent to allowed providers'}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LibraryFacts() {
  const stats = useSettings((s) => s.stats);
  const location = useSettings((s) => s.location);
  if (!stats) return null;
  return (
    <section className="panel" aria-labelledby="library-facts-heading">
      <h2 id="library-facts-heading">Library and search</h2>
      <dl className="facts">
        {location ? (
          <>
            <dt>Data folder</dt>
            <dd>
              <code>{location.dataDir}</code>
            </dd>
            <dt>Backups</dt>
            <dd>
              <code>{location.backupsDir}</code>
            </dd>
          </>
        ) : null}
        <dt>Embedder</dt>
        <dd>{stats.embedder}</dd>
        <dt>Documents</dt>
        <dd>{stats.documents}</dd>
        <dt>Passages indexed</dt>
        <dd>{stats.chunks}</dd>
        <dt>Library file</dt>
        <dd>{formatBytes(stats.dbBytes)}</dd>
        <dt>Integrity check</dt>
        <dd>{stats.integrity === 'ok' ? 'Passed' : stats.integrity}</dd>
      </dl>
    </section>
  );
}

function Shortcuts() {
  const rows: readonly [string, string][] = [
    ['Ask a question', shortcutLabels.question],
    ['New chat', shortcutLabels.newChat],
    ['Search documents', shortcutLabels.search],
    ['Chat, Library, Settings', `${shortcutLabels.chat}, ${shortcutLabels.library}, ${shortcutLabels.settings}`],
    ['Dashboard, Alerts, Audit', `${shortcutLabels.dashboard}, ${shortcutLabels.alerts}, ${shortcutLabels.audit}`],
  ];
  return (
    <section className="panel" aria-labelledby="shortcuts-heading">
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <dl className="facts">
        {rows.map(([action, keys]) => [
          <dt key={`${action}-dt`}>{action}</dt>,
          <dd key={`${action}-dd`}>
            <kbd>{keys}</kbd>
          </dd>,
        ])}
      </dl>
    </section>
  );
}

/** The Settings screen: appearance, privacy, and what the engine reports about the library. */
export function SettingsView() {
  const load = useSettings((s) => s.load);
  const error = useSettings((s) => s.error);
  const { client, providers } = useStores();
  useEffect(() => {
    void load();
    void providers.getState().refresh();
  }, [load, providers]);
  const keyNote =
    client.mode === 'desktop'
      ? 'Kept encrypted in your system keychain, never in the library file.'
      : 'Kept in the library file on this computer; setting OPENAI_API_KEY before `quarry serve` keeps it out of the file.';
  return (
    <div className="settings-view">
      <header className="view-head">
        <h1>Settings</h1>
      </header>
      <ErrorBanner message={error} />
      <Appearance />
      <Privacy />
      <ProvidersSection keyNote={keyNote} />
      <ModelsSection />
      <LibraryFacts />
      <EmbedderSection />
      <CacheSection />
      <Shortcuts />
    </div>
  );
}
