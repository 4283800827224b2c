import type { MetricInfo, Widget, WidgetKind } from '../../../src-shared/schemas/monitor';

/** Moves a widget earlier (-1) or later (+1) in the grid's reading order. */
export function moveWidget(widgets: readonly Widget[], id: string, delta: number): Widget[] {
  const from = widgets.findIndex((widget) => widget.id === id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= widgets.length) return [...widgets];
  const next = [...widgets];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

/** Grows or shrinks a widget by grid cells, within 2–12 columns and 1–8 rows. */
export function resizeWidget(widgets: readonly Widget[], id: string, columns: number, rows: number): Widget[] {
  return widgets.map((widget) =>
    widget.id === id
      ? { ...widget, width: Math.min(12, Math.max(2, widget.width + columns)), height: Math.min(8, Math.max(1, widget.height + rows)) }
      : widget,
  );
}

/** A sensible first setting for a metric: counters as rates, quantiles by their worst value. */
export function widgetFor(metric: MetricInfo, kind: WidgetKind, id: string): Widget {
  const aggregation = metric.kind === 'counter' ? 'rate' : metric.kind === 'derived' ? 'max' : 'avg';
  const unit = metric.name.endsWith('_seconds') || metric.name.includes('_seconds:') ? 's' : metric.name.endsWith('_bytes') ? 'B' : '';
  const compact = kind === 'stat' || kind === 'gauge';
  return {
    id,
    kind,
    title: metric.name.replace(/^quarry_/, '').replace(/_/g, ' '),
    metric: metric.name,
    aggregation,
    range: '1h',
    byLabels: false,
    unit,
    width: compact ? 3 : 6,
    height: compact ? 2 : 3,
  };
}

/** `1.2k`, `3.4 MB`, `250 ms`: numbers as a chart label reads them. */
export function formatMetricValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (unit === 's') {
    if (Math.abs(value) < 1) return `${Math.round(value * 1000)} ms`;
    return `${value.toFixed(value < 10 ? 2 : 0)} s`;
  }
  if (unit === 'B' || unit === 'B/s') {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let scaled = value;
    let index = 0;
    while (Math.abs(scaled) >= 1024 && index < units.length - 1) {
      scaled /= 1024;
      index += 1;
    }
    return `${scaled.toFixed(scaled < 10 && index > 0 ? 1 : 0)} ${units[index]}${unit === 'B/s' ? '/s' : ''}`;
  }
  const abs = Math.abs(value);
  const text =
    abs >= 1e6
      ? `${(value / 1e6).toFixed(1)}M`
      : abs >= 1e4
        ? `${(value / 1e3).toFixed(1)}k`
        : abs >= 100 || Number.isInteger(value)
          ? String(Math.round(value))
          : value.toPrecision(3);
  return unit ? `${text} ${unit}` : text;
}
