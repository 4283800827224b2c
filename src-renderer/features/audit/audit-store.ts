import { createStore } from 'zustand/vanilla';
import type { AuditEntry, AuditExport } from '../../../src-shared/schemas/audit';
import type { QuarryClient } from '../../api';
import { ClientError } from '../../api';

export interface AuditFilterState {
  readonly action: string;
  readonly actor: string;
  readonly text: string;
  /** `YYYY-MM-DD` from a date input, or ''. */
  readonly from: string;
  readonly to: string;
}

export interface AuditState {
  readonly entries: readonly AuditEntry[];
  readonly filter: AuditFilterState;
  readonly pageSize: number;
  readonly page: number;
  readonly error: string | null;
}

export interface AuditActions {
  load(): Promise<void>;
  setFilter(change: Partial<AuditFilterState>): Promise<void>;
  setPage(page: number): Promise<void>;
  /** The filtered log as a file, for the view to hand to the browser's download. */
  exportAs(format: 'csv' | 'json'): Promise<AuditExport | null>;
}

export type AuditStore = ReturnType<typeof createAuditStore>;

/** The filter as the contract takes it: empty fields left out, dates as the whole local day. */
export function filterInput(filter: AuditFilterState) {
  const day = (text: string, endOfDay: boolean) => {
    if (!text) return undefined;
    const date = new Date(`${text}T00:00:00`);
    return Number.isNaN(date.getTime()) ? undefined : date.getTime() + (endOfDay ? 86_400_000 - 1 : 0);
  };
  const from = day(filter.from, false);
  const to = day(filter.to, true);
  return {
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.text ? { text: filter.text } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

/** The audit log screen's state: the filter, one page of entries, exports. */
export function createAuditStore(client: QuarryClient) {
  return createStore<AuditState & AuditActions>()((set, get) => ({
    entries: [],
    filter: { action: '', actor: '', text: '', from: '', to: '' },
    pageSize: 100,
    page: 0,
    error: null,

    async load() {
      const { filter, page, pageSize } = get();
      try {
        const entries = await client.call('audit.list', { ...filterInput(filter), limit: pageSize, offset: page * pageSize });
        set({ entries, error: null });
      } catch (error) {
        set({ error: error instanceof ClientError ? error.message : 'Quarry could not be reached.' });
      }
    },
    async setFilter(change) {
      set({ filter: { ...get().filter, ...change }, page: 0 });
      await get().load();
    },
    async setPage(page) {
      set({ page: Math.max(0, page) });
      await get().load();
    },
    async exportAs(format) {
      try {
        const file = await client.call('audit.export', { ...filterInput(get().filter), format });
        await get().load();
        return file;
      } catch (error) {
        set({ error: error instanceof ClientError ? error.message : 'Quarry could not be reached.' });
        return null;
      }
    },
  }));
}
