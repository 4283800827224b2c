import { AppError } from '../../../src-shared/errors';
import { Dashboard } from '../../../src-shared/schemas/monitor';
import type { Db } from '../store/database';

/** The dashboard a new library starts with: the questions an analyst asks first about the engine. */
export const defaultDashboard: Dashboard = {
  id: 'overview',
  name: 'Overview',
  widgets: [
    {
      id: 'answers-rate',
      kind: 'line',
      title: 'Answers per second',
      metric: 'quarry_answers_total',
      aggregation: 'rate',
      range: '1h',
      byLabels: true,
      unit: '/s',
      width: 6,
      height: 3,
    },
    {
      id: 'answer-p95',
      kind: 'line',
      title: 'Answer time p95',
      metric: 'quarry_answer_duration_seconds:p95',
      aggregation: 'max',
      range: '1h',
      byLabels: false,
      unit: 's',
      width: 6,
      height: 3,
    },
    {
      id: 'ttft',
      kind: 'stat',
      title: 'Time to first token p50',
      metric: 'quarry_answer_time_to_first_token_seconds:p50',
      aggregation: 'avg',
      range: '1h',
      byLabels: false,
      unit: 's',
      width: 3,
      height: 2,
    },
    {
      id: 'empty',
      kind: 'stat',
      title: 'Questions without passages (1h)',
      metric: 'quarry_retrieval_empty_results_total',
      aggregation: 'increase',
      range: '1h',
      byLabels: false,
      unit: '',
      width: 3,
      height: 2,
    },
    {
      id: 'queue',
      kind: 'gauge',
      title: 'Ingestion queue',
      metric: 'quarry_ingest_queue_depth',
      aggregation: 'last',
      range: '15m',
      byLabels: false,
      unit: 'files',
      width: 3,
      height: 2,
      max: 1000,
    },
    {
      id: 'cpu',
      kind: 'gauge',
      title: 'CPU (share of a core)',
      metric: 'quarry_process_cpu_ratio',
      aggregation: 'avg',
      range: '5m',
      byLabels: false,
      unit: '',
      width: 3,
      height: 2,
      max: 1,
    },
    {
      id: 'ingest-bytes',
      kind: 'area',
      title: 'Ingested bytes per second',
      metric: 'quarry_ingest_bytes_total',
      aggregation: 'rate',
      range: '6h',
      byLabels: false,
      unit: 'B/s',
      width: 6,
      height: 3,
    },
    {
      id: 'failures',
      kind: 'bar',
      title: 'Ingestion failures by reason',
      metric: 'quarry_ingest_failures_total',
      aggregation: 'increase',
      range: '24h',
      byLabels: true,
      unit: '',
      width: 6,
      height: 3,
    },
    {
      id: 'memory',
      kind: 'area',
      title: 'Resident memory',
      metric: 'quarry_process_resident_memory_bytes',
      aggregation: 'avg',
      range: '6h',
      byLabels: false,
      unit: 'B',
      width: 6,
      height: 3,
    },
    {
      id: 'lag',
      kind: 'line',
      title: 'Event-loop lag (worst)',
      metric: 'quarry_event_loop_lag_max_seconds',
      aggregation: 'max',
      range: '1h',
      byLabels: false,
      unit: 's',
      width: 6,
      height: 3,
    },
    {
      id: 'storage',
      kind: 'table',
      title: 'Library',
      metric: 'quarry_chunks',
      aggregation: 'last',
      range: '24h',
      byLabels: false,
      unit: '',
      width: 6,
      height: 3,
    },
    {
      id: 'db',
      kind: 'line',
      title: 'Database and WAL size',
      metric: 'quarry_db_wal_size_bytes',
      aggregation: 'last',
      range: '24h',
      byLabels: false,
      unit: 'B',
      width: 6,
      height: 3,
    },
  ],
};

/** Dashboards and their layouts, kept in the library file, with the default first. */
export interface DashboardStore {
  list(): Dashboard[];
  save(dashboard: Dashboard): Dashboard;
  remove(id: string): boolean;
}

export function createDashboardStore(db: Db, now: () => number = Date.now): DashboardStore {
  return {
    list(): Dashboard[] {
      const rows = db
        .prepare<[], { id: string; name: string; widgets: string; updated_at: number }>(
          'SELECT id, name, widgets, updated_at FROM dashboards ORDER BY position, id',
        )
        .all();
      const saved = rows.map((row) =>
        Dashboard.parse({ id: row.id, name: row.name, widgets: JSON.parse(row.widgets), updatedAt: row.updated_at }),
      );
      // The default stays available until a layout of it is saved (then the saved one replaces it).
      return saved.some((dashboard) => dashboard.id === defaultDashboard.id) ? saved : [defaultDashboard, ...saved];
    },
    save(dashboard) {
      const ids = new Set(dashboard.widgets.map((widget) => widget.id));
      if (ids.size !== dashboard.widgets.length) throw new AppError('validation', 'Two widgets share an id.');
      const at = now();
      const position = Number(db.prepare('SELECT COALESCE(MAX(position), -1) + 1 FROM dashboards').pluck().get());
      db.prepare(
        'INSERT INTO dashboards (id, name, widgets, position, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, widgets = excluded.widgets, updated_at = excluded.updated_at',
      ).run(dashboard.id, dashboard.name, JSON.stringify(dashboard.widgets), position, at);
      return { ...dashboard, updatedAt: at };
    },
    remove(id: string): boolean {
      return db.prepare('DELETE FROM dashboards WHERE id = ?').run(id).changes > 0;
    },
  };
}
