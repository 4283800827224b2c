import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardStore, type DashboardStore } from '../../../../src-renderer/features/dashboard/dashboard-store';
import { formatMetricValue, moveWidget, resizeWidget } from '../../../../src-renderer/features/dashboard/dashboard-layout';
import { createEngineClient, type EngineClient } from '../../../helpers/engine-client';

let setup: EngineClient;
let store: DashboardStore;

beforeEach(() => {
  setup = createEngineClient();
  store = createDashboardStore(setup.client);
});
afterEach(async () => setup.close());

describe('dashboard store', () => {
  it('loads the default dashboard and the data of each widget', async () => {
    await setup.engine.monitor.sampleNow();
    await store.getState().load();
    const state = store.getState();
    expect(state.currentId).toBe('overview');
    expect(state.metrics.length).toBeGreaterThan(40);
    const widgets = state.dashboards[0]!.widgets;
    expect(Object.keys(state.data).sort()).toEqual(widgets.map((widget) => widget.id).sort());
    const memory = state.data.memory!;
    expect(memory.series[0]!.values.some((value) => value !== null && value > 0)).toBe(true);
  });

  it('adds, arranges and removes widgets, and the saved layout survives a reload', async () => {
    await store.getState().load();
    const original = store.getState().dashboards[0]!.widgets;
    await store.getState().addWidget({
      id: 'chunks',
      kind: 'stat',
      title: 'Chunks',
      metric: 'quarry_chunks',
      aggregation: 'last',
      range: '1h',
      byLabels: false,
      unit: '',
      width: 3,
      height: 2,
    });
    store.getState().moveWidget('chunks', -1);
    store.getState().resizeWidget('chunks', 2, 1);
    store.getState().removeWidget(original[0]!.id);
    expect(store.getState().dirty).toBe(true);
    await store.getState().save();
    expect(store.getState().dirty).toBe(false);

    const reloaded = createDashboardStore(setup.client);
    await reloaded.getState().load();
    const widgets = reloaded.getState().dashboards.find((dashboard) => dashboard.id === 'overview')!.widgets;
    expect(widgets.map((widget) => widget.id)).toEqual([
      ...original.slice(1, -1).map((widget) => widget.id),
      'chunks',
      original.at(-1)!.id,
    ]);
    expect(widgets.find((widget) => widget.id === 'chunks')).toMatchObject({ width: 5, height: 3 });
  });

  it('reports a widget bound to a metric that does not exist', async () => {
    await store.getState().load();
    await store.getState().addWidget({
      id: 'bad',
      kind: 'line',
      title: 'Bad',
      metric: 'quarry_missing',
      aggregation: 'avg',
      range: '1h',
      byLabels: false,
      unit: '',
      width: 6,
      height: 3,
    });
    expect(store.getState().widgetErrors.bad).toMatch(/no metric named quarry_missing/);
  });
});

describe('dashboard layout helpers', () => {
  const widgets = ['a', 'b', 'c'].map((id) => ({
    id,
    kind: 'line' as const,
    title: id,
    metric: 'm',
    aggregation: 'avg' as const,
    range: '1h',
    byLabels: false,
    unit: '',
    width: 6,
    height: 3,
  }));
  it('moves within bounds and clamps sizes to the grid', () => {
    expect(moveWidget(widgets, 'c', -2).map((w) => w.id)).toEqual(['c', 'a', 'b']);
    expect(moveWidget(widgets, 'a', -1).map((w) => w.id)).toEqual(['a', 'b', 'c']);
    expect(resizeWidget(widgets, 'b', 10, -5).find((w) => w.id === 'b')).toMatchObject({ width: 12, height: 1 });
  });
  it('formats values with their units', () => {
    expect(formatMetricValue(0.25, 's')).toBe('250 ms');
    expect(formatMetricValue(3 * 1024 * 1024, 'B')).toBe('3.0 MB');
    expect(formatMetricValue(12_345, '')).toBe('12.3k');
    expect(formatMetricValue(null, 's')).toBe('–');
  });
});
