import type { SeriesResult, Widget } from '../../../src-shared/schemas/monitor';
import { formatMetricValue } from './dashboard-layout';

/** The newest non-empty value of the first line, which is what a stat or a gauge shows. */
export function latestValue(result: SeriesResult | undefined): number | null {
  const values = result?.series[0]?.values ?? [];
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

export function StatView(props: { readonly widget: Widget; readonly result: SeriesResult | undefined }) {
  const value = latestValue(props.result);
  const over = props.widget.max !== undefined && value !== null && value > props.widget.max;
  return (
    <div className={`stat-value${over ? ' over' : ''}`} data-testid={`stat-${props.widget.id}`}>
      {formatMetricValue(value, props.widget.unit)}
    </div>
  );
}

/** A half-circle gauge from 0 to the widget's max, drawn in SVG. */
export function GaugeView(props: { readonly widget: Widget; readonly result: SeriesResult | undefined }) {
  const value = latestValue(props.result);
  const max = props.widget.max ?? 100;
  const share = value === null ? 0 : Math.min(1, Math.max(0, value / max));
  const angle = Math.PI * (1 - share);
  const x = 50 + 40 * Math.cos(angle);
  const y = 50 - 40 * Math.sin(angle);
  return (
    <div className="gauge">
      <svg
        viewBox="0 0 100 60"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value ?? undefined}
        aria-label={props.widget.title}
      >
        <path d="M 10 50 A 40 40 0 0 1 90 50" className="gauge-track" />
        {share > 0 ? (
          <path d={`M 10 50 A 40 40 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`} className={`gauge-fill${share >= 0.9 ? ' over' : ''}`} />
        ) : null}
        <text x="50" y="48" textAnchor="middle" className="gauge-text">
          {formatMetricValue(value, props.widget.unit)}
        </text>
      </svg>
    </div>
  );
}

/** Every line's latest, minimum and maximum value over the range. */
export function TableView(props: { readonly widget: Widget; readonly result: SeriesResult | undefined }) {
  const lines = props.result?.series ?? [];
  const present = (values: readonly (number | null)[]) => values.filter((value): value is number => value !== null);
  return (
    <table className="widget-table">
      <thead>
        <tr>
          <th scope="col">Series</th>
          <th scope="col">Latest</th>
          <th scope="col">Min</th>
          <th scope="col">Max</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line, index) => {
          const values = present(line.values);
          const label = Object.entries(line.labels)
            .map(([key, value]) => `${key}=${value}`)
            .join(', ');
          return (
            <tr key={index}>
              <td>{label || props.widget.metric.replace(/^quarry_/, '')}</td>
              <td>{formatMetricValue(values.at(-1), props.widget.unit)}</td>
              <td>{formatMetricValue(values.length ? Math.min(...values) : null, props.widget.unit)}</td>
              <td>{formatMetricValue(values.length ? Math.max(...values) : null, props.widget.unit)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
