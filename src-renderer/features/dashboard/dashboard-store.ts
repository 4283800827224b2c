import { createStore } from 'zustand/vanilla';
import type { Dashboard, MetricInfo, SeriesResult, Widget } from '../../../src-shared/schemas/monitor';
import type { QuarryClient } from '../../api';
import { ClientError } from '../../api';
import { moveWidget, resizeWidget } from './dashboard-layout';

export interface DashboardState {
  readonly dashboards: readonly Dashboard[];
  readonly currentId: string | null;
  readonly metrics: readonly MetricInfo[];
  /** The latest data of each widget of the current dashboard, by widget id. */
  readonly data: Readonly<Record<string, SeriesResult>>;
  readonly widgetErrors: Readonly<Record<string, string>>;
  readonly editing: boolean;
  /** Unsaved layout changes exist. */
  readonly dirty: boolean;
  readonly error: string | null;
}

export interface DashboardActions {
  load(): Promise<void>;
  select(id: string): Promise<void>;
  refresh(): Promise<void>;
  setEditing(editing: boolean): void;
  addWidget(widget: Widget): Promise<void>;
  updateWidget(widget: Widget): Promise<void>;
  removeWidget(id: string): void;
  moveWidget(id: string, delta: number): void;
  resizeWidget(id: string, columns: number, rows: number): void;
  save(): Promise<void>;
  createDashboard(name: string): Promise<void>;
  removeDashboard(): Promise<void>;
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;

function messageOf(error: unknown): string {
  return error instanceof ClientError ? error.message : 'Quarry could not be reached.';
}

/** Dashboards: their persisted layouts, the widget being edited, and each widget's latest series. */
export function createDashboardStore(client: QuarryClient) {
  return createStore<DashboardState & DashboardActions>()((set, get) => {
    const current = () => get().dashboards.find((dashboard) => dashboard.id === get().currentId) ?? null;
    const replaceCurrent = (widgets: Widget[]) =>
      set({
        dashboards: get().dashboards.map((dashboard) => (dashboard.id === get().currentId ? { ...dashboard, widgets } : dashboard)),
        dirty: true,
      });

    async function fetchWidget(widget: Widget): Promise<void> {
      try {
        const result = await client.call('monitor.series', {
          metric: widget.metric,
          aggregation: widget.aggregation,
          range: widget.range,
          byLabels: widget.byLabels,
          ...(widget.labels ? { labels: widget.labels } : {}),
        });
        const { [widget.id]: _dropped, ...others } = get().widgetErrors;
        set({ data: { ...get().data, [widget.id]: result }, widgetErrors: others });
      } catch (error) {
        set({ widgetErrors: { ...get().widgetErrors, [widget.id]: messageOf(error) } });
      }
    }

    return {
      dashboards: [],
      currentId: null,
      metrics: [],
      data: {},
      widgetErrors: {},
      editing: false,
      dirty: false,
      error: null,

      async load() {
        try {
          const [dashboards, metrics] = await Promise.all([client.call('monitor.dashboards', {}), client.call('monitor.metrics', {})]);
          const currentId = dashboards.some((dashboard) => dashboard.id === get().currentId)
            ? get().currentId
            : (dashboards[0]?.id ?? null);
          set({ dashboards, metrics, currentId, error: null });
          await get().refresh();
        } catch (error) {
          set({ error: messageOf(error) });
        }
      },
      async select(id) {
        set({ currentId: id, data: {}, widgetErrors: {}, dirty: false });
        await get().refresh();
      },
      async refresh() {
        await Promise.all((current()?.widgets ?? []).map(fetchWidget));
      },
      setEditing(editing) {
        set({ editing });
      },
      async addWidget(widget) {
        replaceCurrent([...(current()?.widgets ?? []), widget]);
        await fetchWidget(widget);
      },
      async updateWidget(widget) {
        replaceCurrent((current()?.widgets ?? []).map((candidate) => (candidate.id === widget.id ? widget : candidate)));
        await fetchWidget(widget);
      },
      removeWidget(id) {
        replaceCurrent((current()?.widgets ?? []).filter((widget) => widget.id !== id));
      },
      moveWidget(id, delta) {
        replaceCurrent(moveWidget(current()?.widgets ?? [], id, delta));
      },
      resizeWidget(id, columns, rows) {
        replaceCurrent(resizeWidget(current()?.widgets ?? [], id, columns, rows));
      },
      async save() {
        const dashboard = current();
        if (!dashboard) return;
        try {
          const saved = await client.call('monitor.saveDashboard', dashboard);
          set({
            dashboards: get().dashboards.map((candidate) => (candidate.id === saved.id ? saved : candidate)),
            dirty: false,
            error: null,
          });
        } catch (error) {
          set({ error: messageOf(error) });
        }
      },
      async createDashboard(name) {
        const id = `${
          name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '') || 'dashboard'
        }-${Date.now().toString(36)}`;
        try {
          const saved = await client.call('monitor.saveDashboard', { id, name, widgets: [] });
          set({ dashboards: [...get().dashboards, saved], currentId: saved.id, data: {}, editing: true, dirty: false, error: null });
        } catch (error) {
          set({ error: messageOf(error) });
        }
      },
      async removeDashboard() {
        const dashboard = current();
        if (!dashboard) return;
        try {
          await client.call('monitor.removeDashboard', { id: dashboard.id });
          await get().load();
        } catch (error) {
          set({ error: messageOf(error) });
        }
      },
    };
  });
}
