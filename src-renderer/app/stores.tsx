import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { QuarryClient } from '../api';
import type { AppActions, AppState, AppStore } from './app-store';
import type { LibraryActions, LibraryState, LibraryStore } from '../features/library/library-store';
import type { ChatActions, ChatState, ChatStore } from '../features/chat/chat-store';
import type { SettingsActions, SettingsState, SettingsStore } from '../features/settings/settings-store';
import type { ProvidersActions, ProvidersState, ProvidersStore } from '../features/settings/providers-store';
import type { DashboardActions, DashboardState, DashboardStore } from '../features/dashboard/dashboard-store';
import type { AlertsActions, AlertsState, AlertsStore } from '../features/alerts/alerts-store';
import type { AuditActions, AuditState, AuditStore } from '../features/audit/audit-store';

/** Every feature's store, built once in main.tsx and handed down through context. */
export interface Stores {
  readonly client: QuarryClient;
  readonly app: AppStore;
  readonly library: LibraryStore;
  readonly chat: ChatStore;
  readonly settings: SettingsStore;
  readonly providers: ProvidersStore;
  readonly dashboard: DashboardStore;
  readonly alerts: AlertsStore;
  readonly audit: AuditStore;
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider(props: { readonly stores: Stores; readonly children: ReactNode }) {
  return <StoresContext.Provider value={props.stores}>{props.children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores needs a StoresProvider above it');
  return stores;
}

function useSlice<S, T>(pick: (stores: Stores) => StoreApi<S>, selector: (state: S) => T): T {
  return useStore(pick(useStores()), selector);
}

export const useApp = <T,>(selector: (state: AppState & AppActions) => T) => useSlice((s) => s.app, selector);
export const useLibrary = <T,>(selector: (state: LibraryState & LibraryActions) => T) => useSlice((s) => s.library, selector);
export const useChat = <T,>(selector: (state: ChatState & ChatActions) => T) => useSlice((s) => s.chat, selector);
export const useSettings = <T,>(selector: (state: SettingsState & SettingsActions) => T) => useSlice((s) => s.settings, selector);
export const useProviders = <T,>(selector: (state: ProvidersState & ProvidersActions) => T) => useSlice((s) => s.providers, selector);
export const useDashboard = <T,>(selector: (state: DashboardState & DashboardActions) => T) => useSlice((s) => s.dashboard, selector);
export const useAlerts = <T,>(selector: (state: AlertsState & AlertsActions) => T) => useSlice((s) => s.alerts, selector);
export const useAudit = <T,>(selector: (state: AuditState & AuditActions) => T) => useSlice((s) => s.audit, selector);
