import { describe, expect, it } from 'vitest';
import { createAppStore, type AppPersistence } from '../../../src-renderer/app/app-store';

function memoryPersistence(initial: { route?: string; theme?: string } = {}) {
  const saved = { route: initial.route ?? null, theme: initial.theme ?? null } as { route: string | null; theme: string | null };
  const persistence: AppPersistence = {
    readRoute: () => saved.route,
    writeRoute: (route) => void (saved.route = `#/${route}`),
    readTheme: () => saved.theme,
    writeTheme: (theme) => void (saved.theme = theme),
  };
  return { saved, persistence };
}

describe('app store', () => {
  it('starts on Chat with the system theme when nothing was saved, or on garbage', () => {
    expect(createAppStore(memoryPersistence().persistence).getState()).toMatchObject({ route: 'chat', theme: 'system' });
    expect(createAppStore(memoryPersistence({ route: '#/nowhere', theme: 'neon' }).persistence).getState()).toMatchObject({
      route: 'chat',
      theme: 'system',
    });
  });

  it('saves the screen and theme so a new store (a reload) comes back to them', () => {
    const memory = memoryPersistence();
    const store = createAppStore(memory.persistence);
    store.getState().navigate('settings');
    store.getState().setTheme('dark');
    expect(createAppStore(memory.persistence).getState()).toMatchObject({ route: 'settings', theme: 'dark' });
  });
});
