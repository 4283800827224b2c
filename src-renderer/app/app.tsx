import { useEffect, useRef } from 'react';
import { useAlerts, useApp, useLibrary, useStores } from './stores';
import { routes, type Route } from './app-store';
import { shortcutFor, shortcutLabels } from './shortcuts';
import { DropAnywhere } from './drop-anywhere';
import { ChatView } from '../features/chat/chat-view';
import { LibraryView } from '../features/library/library-view';
import { SettingsView } from '../features/settings/settings-view';
import { DashboardView } from '../features/dashboard/dashboard-view';
import { AlertsView } from '../features/alerts/alerts-view';
import { AuditView } from '../features/audit/audit-view';
import { AlertToasts } from '../features/alerts/alert-toasts';

const routeLabels: Record<Route, string> = {
  chat: 'Chat',
  library: 'Library',
  dashboard: 'Dashboard',
  alerts: 'Alerts',
  audit: 'Audit',
  settings: 'Settings',
};
const routeKeys: Record<Route, string> = {
  chat: shortcutLabels.chat,
  library: shortcutLabels.library,
  dashboard: shortcutLabels.dashboard,
  alerts: shortcutLabels.alerts,
  audit: shortcutLabels.audit,
  settings: shortcutLabels.settings,
};

function useTheme(): void {
  const theme = useApp((s) => s.theme);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

/** The window: navigation between Chat, Library and Settings, shortcuts, theme, and drop anywhere. */
export function App() {
  const stores = useStores();
  const route = useApp((s) => s.route);
  const navigate = useApp((s) => s.navigate);
  const questionRef = useRef<HTMLTextAreaElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const firing = useAlerts((s) => s.firing);
  const documentCount = useLibrary((s) => s.collections.reduce((sum, collection) => sum + collection.documents, 0));
  useTheme();

  useEffect(() => {
    void stores.library.getState().start();
    return () => stores.library.getState().stop();
  }, [stores.library]);

  useEffect(() => {
    void stores.providers.getState().start();
    return () => stores.providers.getState().stop();
  }, [stores.providers]);

  useEffect(() => {
    void stores.alerts.getState().start();
    return () => stores.alerts.getState().stop();
  }, [stores.alerts]);

  useEffect(() => {
    if (route === 'library') void stores.library.getState().refresh();
  }, [route, stores.library]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      switch (action.kind) {
        case 'navigate':
          return navigate(action.route);
        case 'new-chat':
          stores.chat.getState().newConversation();
          navigate('chat');
          return void requestAnimationFrame(() => questionRef.current?.focus());
        case 'focus-question':
          navigate('chat');
          return void requestAnimationFrame(() => questionRef.current?.focus());
        case 'focus-search':
          navigate('library');
          return void requestAnimationFrame(() => searchRef.current?.focus());
        default: {
          const unknown: never = action;
          return unknown;
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate, stores.chat]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand" aria-label="Quarry">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Quarry
        </div>
        <nav aria-label="Main">
          <ul className="nav-list">
            {routes.map((name) => (
              <li key={name}>
                <button
                  type="button"
                  aria-current={route === name ? 'page' : undefined}
                  onClick={() => navigate(name)}
                  title={routeKeys[name]}
                >
                  {routeLabels[name]}
                  {name === 'library' && documentCount > 0 ? <span className="muted"> {documentCount}</span> : null}
                  {name === 'alerts' && firing > 0 ? (
                    <span className="nav-badge" data-testid="alerts-badge" aria-label={`${firing} firing`}>
                      {firing}
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <span className="mode muted">{stores.client.mode === 'desktop' ? 'On this computer' : 'Browser · local server'}</span>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {route === 'chat' ? <ChatView questionRef={questionRef} /> : null}
        {route === 'library' ? <LibraryView searchRef={searchRef} /> : null}
        {route === 'dashboard' ? <DashboardView /> : null}
        {route === 'alerts' ? <AlertsView /> : null}
        {route === 'audit' ? <AuditView /> : null}
        {route === 'settings' ? <SettingsView /> : null}
      </main>
      <DropAnywhere />
      <AlertToasts />
    </div>
  );
}
