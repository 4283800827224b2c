import { createStore } from 'zustand/vanilla';
import type { CollectionSummary, LibraryStats } from '../../../src-shared/schemas/library';
import type { CacheStats, MaintenanceReport } from '../../../src-shared/schemas/cache';
import type { LibraryLocation } from '../../../src-shared/schemas/location';
import type { QuarryClient } from '../../api';
import { ClientError } from '../../api';

export interface SettingsState {
  readonly stats: LibraryStats | null;
  readonly collections: readonly CollectionSummary[];
  /** Collection names with a privacy change on its way to the engine. */
  readonly saving: readonly string[];
  readonly error: string | null;
  readonly cache: CacheStats | null;
  readonly location: LibraryLocation | null;
  /** What the last maintenance run did; null before one ran in this window. */
  readonly maintenance: MaintenanceReport | null;
  /** A cache or maintenance action under way, to disable its button. */
  readonly busy: 'clear-cache' | 'maintenance' | null;
}

export interface SettingsActions {
  load(): Promise<void>;
  setCollectionPrivate(name: string, value: boolean): Promise<void>;
  clearCache(): Promise<number | null>;
  runMaintenance(options: { readonly backup: boolean }): Promise<void>;
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;

const messageOf = (error: unknown) => (error instanceof ClientError ? error.message : 'Quarry could not be reached.');

/** The settings feature's state: what the engine reports about the library and its privacy choices. */
export function createSettingsStore(client: QuarryClient) {
  return createStore<SettingsState & SettingsActions>()((set, get) => ({
    stats: null,
    collections: [],
    saving: [],
    error: null,
    cache: null,
    location: null,
    maintenance: null,
    busy: null,

    async load() {
      try {
        const [stats, collections, cache, location] = await Promise.all([
          client.call('library.stats', {}),
          client.call('library.collections', {}),
          client.call('cache.stats', {}),
          client.call('library.location', {}),
        ]);
        set({ stats, collections, cache, location, error: null });
      } catch (error) {
        set({ error: error instanceof ClientError ? error.message : 'Quarry could not be reached.' });
      }
    },
    async setCollectionPrivate(name, value) {
      // Show the choice at once (a switch that lags behind a click reads as broken); undo it if refused.
      const flip = (to: boolean) =>
        set({ collections: get().collections.map((item) => (item.name === name ? { ...item, private: to } : item)) });
      flip(value);
      set({ saving: [...get().saving, name], error: null });
      try {
        const updated = await client.call('library.setCollectionPrivate', { name, private: value });
        const known = get().collections.some((collection) => collection.name === updated.name);
        set({
          collections: known
            ? get().collections.map((collection) => (collection.name === updated.name ? updated : collection))
            : [...get().collections, updated],
        });
      } catch (error) {
        flip(!value);
        set({ error: error instanceof ClientError ? error.message : 'Quarry could not be reached.' });
      } finally {
        set({ saving: get().saving.filter((candidate) => candidate !== name) });
      }
    },
    async clearCache() {
      set({ busy: 'clear-cache', error: null });
      try {
        const { removed } = await client.call('cache.clear', {});
        set({ cache: await client.call('cache.stats', {}) });
        return removed;
      } catch (error) {
        set({ error: messageOf(error) });
        return null;
      } finally {
        set({ busy: null });
      }
    },
    async runMaintenance(options) {
      set({ busy: 'maintenance', error: null });
      try {
        const maintenance = await client.call('maintenance.run', { backup: options.backup });
        const [stats, cache] = await Promise.all([client.call('library.stats', {}), client.call('cache.stats', {})]);
        set({ maintenance, stats, cache });
      } catch (error) {
        set({ error: messageOf(error) });
      } finally {
        set({ busy: null });
      }
    },
  }));
}
