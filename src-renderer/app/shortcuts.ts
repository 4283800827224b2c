import type { Route } from './app-store';

export type ShortcutAction =
  | { readonly kind: 'navigate'; readonly route: Route }
  | { readonly kind: 'new-chat' }
  | { readonly kind: 'focus-question' }
  | { readonly kind: 'focus-search' };

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/** The shortcuts the app offers, shown in the UI beside the controls they trigger. */
export const shortcutLabels = {
  newChat: 'Ctrl+Shift+O',
  question: 'Ctrl+L',
  search: 'Ctrl+K',
  chat: 'Ctrl+1',
  library: 'Ctrl+2',
  settings: 'Ctrl+3',
  dashboard: 'Ctrl+4',
  alerts: 'Ctrl+5',
  audit: 'Ctrl+6',
} as const;

/** Maps a key press to an app action (Ctrl on Linux and Windows, Cmd on macOS), or null. */
export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (event.shiftKey) return key === 'o' ? { kind: 'new-chat' } : null;
  switch (key) {
    case '1':
      return { kind: 'navigate', route: 'chat' };
    case '2':
      return { kind: 'navigate', route: 'library' };
    case '3':
      return { kind: 'navigate', route: 'settings' };
    case '4':
      return { kind: 'navigate', route: 'dashboard' };
    case '5':
      return { kind: 'navigate', route: 'alerts' };
    case '6':
      return { kind: 'navigate', route: 'audit' };
    case 'l':
      return { kind: 'focus-question' };
    case 'k':
      return { kind: 'focus-search' };
    default:
      return null;
  }
}
