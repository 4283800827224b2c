import { createStore } from 'zustand/vanilla';

export const routes = ['chat', 'library', 'dashboard', 'alerts', 'audit', 'settings'] as const;
export type Route = (typeof routes)[number];
export type ThemeChoice = 'system' | 'light' | 'dark';

export interface AppState {
  readonly route: Route;
  readonly theme: ThemeChoice;
}

export interface AppActions {
  navigate(route: Route): void;
  setTheme(theme: ThemeChoice): void;
}

/** Where the shell keeps what must survive a reload: the screen in the URL, the theme in storage. */
export interface AppPersistence {
  readRoute(): string | null;
  writeRoute(route: Route): void;
  readTheme(): string | null;
  writeTheme(theme: ThemeChoice): void;
}

export function parseRoute(value: string | null): Route {
  const name = (value ?? '').replace(/^#\/?/, '');
  return (routes as readonly string[]).includes(name) ? (name as Route) : 'chat';
}

export function parseTheme(value: string | null): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The browser's own places: `#/library` in the address, the theme in localStorage. */
export function browserPersistence(): AppPersistence {
  return {
    readRoute: () => window.location.hash,
    writeRoute: (route) => {
      if (window.location.hash !== `#/${route}`) window.history.replaceState(null, '', `#/${route}`);
    },
    readTheme: () => window.localStorage.getItem('quarry.theme'),
    writeTheme: (theme) => window.localStorage.setItem('quarry.theme', theme),
  };
}

/** The shell's state: which screen is shown and which theme is chosen. */
export function createAppStore(persistence: AppPersistence) {
  return createStore<AppState & AppActions>()((set) => ({
    route: parseRoute(persistence.readRoute()),
    theme: parseTheme(persistence.readTheme()),
    navigate(route) {
      persistence.writeRoute(route);
      set({ route });
    },
    setTheme(theme) {
      persistence.writeTheme(theme);
      set({ theme });
    },
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
