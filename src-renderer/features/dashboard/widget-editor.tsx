import { useState } from 'react';
import { Aggregation, Widget, WidgetKind, type MetricInfo } from '../../../src-shared/schemas/monitor';
import { widgetFor } from './dashboard-layout';

export const ranges = ['5m', '15m', '1h', '6h', '24h', '7d', '30d', '90d'] as const;
const kindLabels: Record<WidgetKind, string> = {
  line: 'Line',
  area: 'Area',
  bar: 'Bar',
  stat: 'Single stat',
  gauge: 'Gauge',
  table: 'Table',
};

/** The form that adds a widget or changes one: chart kind, metric, aggregation, range, size. */
export function WidgetEditor(props: {
  readonly metrics: readonly MetricInfo[];
  readonly initial: Widget | null;
  readonly onSave: (widget: Widget) => void;
  readonly onCancel: () => void;
}) {
  const firstMetric = props.metrics.find((metric) => metric.name === 'quarry_answers_total') ?? props.metrics[0];
  const [draft, setDraft] = useState<Widget | null>(
    props.initial ?? (firstMetric ? widgetFor(firstMetric, 'line', `w-${Date.now().toString(36)}`) : null),
  );
  const [problem, setProblem] = useState<string | null>(null);
  if (!draft) return <p className="muted">No metrics are known yet.</p>;
  const change = (patch: Partial<Widget>) => setDraft({ ...draft, ...patch });
  const changeMetric = (name: string) => {
    const metric = props.metrics.find((candidate) => candidate.name === name);
    if (!metric) return change({ metric: name });
    const fresh = widgetFor(metric, draft.kind, draft.id);
    setDraft({ ...draft, metric: name, aggregation: fresh.aggregation, unit: fresh.unit, title: fresh.title });
  };
  // A new widget takes the size that suits its kind; an existing one keeps the size it was given.
  const changeKind = (kind: WidgetKind) => {
    if (props.initial) return change({ kind });
    const compact = kind === 'stat' || kind === 'gauge';
    change({ kind, width: compact ? 3 : 6, height: compact ? 2 : 3 });
  };
  const submit = () => {
    const parsed = Widget.safeParse(draft);
    if (!parsed.success) return setProblem(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    if (!props.metrics.some((metric) => metric.name === draft.metric)) return setProblem(`Quarry has no metric named ${draft.metric}.`);
    props.onSave(parsed.data);
  };
  const metricHelp = props.metrics.find((metric) => metric.name === draft.metric)?.help;

  return (
    <form
      className="panel widget-editor"
      aria-label={props.initial ? 'Edit widget' : 'Add widget'}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h2>{props.initial ? 'Edit widget' : 'Add a widget'}</h2>
      <div className="form-grid">
        <label>
          Kind
          <select value={draft.kind} onChange={(event) => changeKind(event.target.value as WidgetKind)}>
            {WidgetKind.options.map((kind) => (
              <option key={kind} value={kind}>
                {kindLabels[kind]}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Metric
          <select value={draft.metric} onChange={(event) => changeMetric(event.target.value)}>
            {props.metrics.map((metric) => (
              <option key={metric.name} value={metric.name}>
                {metric.name}
              </option>
            ))}
          </select>
          {metricHelp ? <span className="muted small">{metricHelp}</span> : null}
        </label>
        <label>
          Aggregation
          <select value={draft.aggregation} onChange={(event) => change({ aggregation: event.target.value as Widget['aggregation'] })}>
            {Aggregation.options.map((aggregation) => (
              <option key={aggregation} value={aggregation}>
                {aggregation}
              </option>
            ))}
          </select>
        </label>
        <label>
          Time range
          <select value={draft.range} onChange={(event) => change({ range: event.target.value })}>
            {ranges.map((range) => (
              <option key={range} value={range}>
                last {range}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Title
          <input value={draft.title} maxLength={120} onChange={(event) => change({ title: event.target.value })} />
        </label>
        <label>
          Unit
          <input value={draft.unit} maxLength={16} onChange={(event) => change({ unit: event.target.value })} placeholder="s, B, /s…" />
        </label>
        {draft.kind === 'gauge' || draft.kind === 'stat' ? (
          <label>
            {draft.kind === 'gauge' ? 'Gauge maximum' : 'Warn above'}
            <input
              type="number"
              value={draft.max ?? ''}
              onChange={(event) => change({ max: event.target.value === '' ? undefined : Number(event.target.value) })}
            />
          </label>
        ) : null}
        <label className="checkbox">
          <input type="checkbox" checked={draft.byLabels} onChange={(event) => change({ byLabels: event.target.checked })} />
          One line per label set
        </label>
      </div>
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="primary">
          {props.initial ? 'Apply' : 'Add widget'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
