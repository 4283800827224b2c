import { useEffect, useState } from 'react';
import type { Widget } from '../../../src-shared/schemas/monitor';
import { useDashboard } from '../../app/stores';
import { ErrorBanner } from '../../ui/error-banner';
import { SeriesChart } from './series-chart';
import { GaugeView, StatView, TableView } from './widget-views';
import { WidgetEditor } from './widget-editor';
import { RetentionPanel } from './retention-panel';
import './dashboard.css';

const rowHeight = 80;
const refreshMs = 10_000;

function WidgetBody(props: { readonly widget: Widget }) {
  const { widget } = props;
  const result = useDashboard((s) => s.data[widget.id]);
  const error = useDashboard((s) => s.widgetErrors[widget.id]);
  if (error) return <p className="form-error">{error}</p>;
  if (!result) return <p className="muted">Loading…</p>;
  switch (widget.kind) {
    case 'line':
    case 'area':
    case 'bar':
      return (
        <SeriesChart result={result} kind={widget.kind} unit={widget.unit} height={widget.height * rowHeight - 70} title={widget.title} />
      );
    case 'stat':
      return <StatView widget={widget} result={result} />;
    case 'gauge':
      return <GaugeView widget={widget} result={result} />;
    case 'table':
      return <TableView widget={widget} result={result} />;
    default: {
      const unknown: never = widget.kind;
      return unknown;
    }
  }
}

function WidgetFrame(props: { readonly widget: Widget; readonly onEdit: (widget: Widget) => void }) {
  const { widget } = props;
  const editing = useDashboard((s) => s.editing);
  const move = useDashboard((s) => s.moveWidget);
  const resize = useDashboard((s) => s.resizeWidget);
  const remove = useDashboard((s) => s.removeWidget);
  return (
    <section
      className="widget"
      style={{ gridColumn: `span ${widget.width}`, gridRow: `span ${widget.height}` }}
      aria-label={widget.title}
      data-widget-id={widget.id}
    >
      <header className="widget-head">
        <h3>{widget.title}</h3>
        <span className="muted small">
          {widget.aggregation} · {widget.range}
        </span>
      </header>
      {editing ? (
        <div className="widget-tools" role="toolbar" aria-label={`Arrange ${widget.title}`}>
          <button type="button" onClick={() => move(widget.id, -1)} aria-label="Move earlier">
            ←
          </button>
          <button type="button" onClick={() => move(widget.id, 1)} aria-label="Move later">
            →
          </button>
          <button type="button" onClick={() => resize(widget.id, -1, 0)} aria-label="Narrower">
            −W
          </button>
          <button type="button" onClick={() => resize(widget.id, 1, 0)} aria-label="Wider">
            +W
          </button>
          <button type="button" onClick={() => resize(widget.id, 0, -1)} aria-label="Shorter">
            −H
          </button>
          <button type="button" onClick={() => resize(widget.id, 0, 1)} aria-label="Taller">
            +H
          </button>
          <button type="button" onClick={() => props.onEdit(widget)}>
            Edit
          </button>
          <button type="button" className="danger" onClick={() => remove(widget.id)}>
            Remove
          </button>
        </div>
      ) : null}
      <div className="widget-body">
        <WidgetBody widget={widget} />
      </div>
    </section>
  );
}

/** The Dashboard screen: a grid of widgets over the engine's metrics, editable and saved per library. */
export function DashboardView() {
  const load = useDashboard((s) => s.load);
  const refresh = useDashboard((s) => s.refresh);
  const dashboards = useDashboard((s) => s.dashboards);
  const currentId = useDashboard((s) => s.currentId);
  const metrics = useDashboard((s) => s.metrics);
  const editing = useDashboard((s) => s.editing);
  const dirty = useDashboard((s) => s.dirty);
  const error = useDashboard((s) => s.error);
  const actions = useDashboard((s) => s);
  const [editor, setEditor] = useState<{ widget: Widget | null } | null>(null);
  const [showRetention, setShowRetention] = useState(false);
  const current = dashboards.find((dashboard) => dashboard.id === currentId);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [load, refresh]);

  return (
    <div className="dashboard-view">
      <header className="view-head">
        <h1>Dashboard</h1>
        <label>
          <span className="visually-hidden">Dashboard</span>
          <select value={currentId ?? ''} onChange={(event) => void actions.select(event.target.value)}>
            {dashboards.map((dashboard) => (
              <option key={dashboard.id} value={dashboard.id}>
                {dashboard.name}
              </option>
            ))}
          </select>
        </label>
        <div className="button-row">
          <button type="button" onClick={() => void refresh()}>
            Refresh
          </button>
          <button type="button" aria-pressed={editing} onClick={() => actions.setEditing(!editing)}>
            {editing ? 'Done arranging' : 'Arrange'}
          </button>
          <button type="button" onClick={() => setEditor({ widget: null })}>
            Add widget
          </button>
          <button type="button" className="primary" disabled={!dirty} onClick={() => void actions.save()}>
            Save layout
          </button>
          <button
            type="button"
            onClick={() => {
              const name = window.prompt('Name of the new dashboard');
              if (name?.trim()) void actions.createDashboard(name.trim());
            }}
          >
            New dashboard
          </button>
          <button type="button" onClick={() => setShowRetention(!showRetention)}>
            Data retention
          </button>
          {editing && current && current.id !== 'overview' ? (
            <button type="button" className="danger" onClick={() => void actions.removeDashboard()}>
              Delete dashboard
            </button>
          ) : null}
        </div>
      </header>
      <ErrorBanner message={error} />
      {showRetention ? <RetentionPanel onClose={() => setShowRetention(false)} /> : null}
      {editor ? (
        <WidgetEditor
          metrics={metrics}
          initial={editor.widget}
          onCancel={() => setEditor(null)}
          onSave={(widget) => {
            setEditor(null);
            void (editor.widget ? actions.updateWidget(widget) : actions.addWidget(widget));
          }}
        />
      ) : null}
      {current && current.widgets.length === 0 ? <p className="muted">This dashboard is empty: add a widget.</p> : null}
      <div className="dashboard-grid" style={{ gridAutoRows: `${rowHeight}px` }}>
        {current?.widgets.map((widget) => (
          <WidgetFrame key={widget.id} widget={widget} onEdit={(chosen) => setEditor({ widget: chosen })} />
        ))}
      </div>
    </div>
  );
}
