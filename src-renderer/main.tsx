import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api';
import { App } from './app/app';
import { StoresProvider, type Stores } from './app/stores';
import { browserPersistence, createAppStore } from './app/app-store';
import { createLibraryStore } from './features/library/library-store';
import { createChatStore } from './features/chat/chat-store';
import { createSettingsStore } from './features/settings/settings-store';
import { createProvidersStore } from './features/settings/providers-store';
import { createDashboardStore } from './features/dashboard/dashboard-store';
import { createAlertsStore } from './features/alerts/alerts-store';
import { createAuditStore } from './features/audit/audit-store';
import './app/styles.css';

const client = createClient();
const stores: Stores = {
  client,
  app: createAppStore(browserPersistence()),
  library: createLibraryStore(client),
  chat: createChatStore(client),
  settings: createSettingsStore(client),
  providers: createProvidersStore(client),
  dashboard: createDashboardStore(client),
  alerts: createAlertsStore(client),
  audit: createAuditStore(client),
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
