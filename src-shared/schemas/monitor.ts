import { z } from 'zod';

/** A duration as people write it in rules and dashboards: `30s`, `5m`, `1h`, `7d` (or `0s`). */
export const DurationText = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'Write a duration like 30s, 5m, 1h or 7d');

/** How the samples inside one step (or an alert's window) become one number. */
export const Aggregation = z.enum(['avg', 'min', 'max', 'sum', 'last', 'count', 'rate', 'increase']);
export type Aggregation = z.infer<typeof Aggregation>;

export const MetricKind = z.enum(['counter', 'gauge', 'histogram', 'derived']);

/** One series the sampler records, as offered in the widget and rule editors. */
export const MetricInfo = z.object({
  name: z.string(),
  help: z.string(),
  kind: MetricKind,
  labels: z.array(z.string()),
});
export type MetricInfo = z.infer<typeof MetricInfo>;

export const LabelFilter = z.record(z.string(), z.string());

export const SeriesQuery = z.object({
  metric: z.string().min(1).max(200),
  /** Only label sets with these values; without it, all label sets are combined by summing. */
  labels: LabelFilter.optional(),
  aggregation: Aggregation.default('avg'),
  /** Range as a duration back from now (`1h`), or explicit epoch milliseconds. */
  range: DurationText.default('1h'),
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  /** Width of one point; chosen from the range when absent (about 120 points). */
  step: DurationText.optional(),
  /** Split the result per label set instead of summing them. */
  byLabels: z.boolean().default(false),
});
export type SeriesQuery = z.input<typeof SeriesQuery>;

export const SeriesLine = z.object({
  labels: LabelFilter,
  values: z.array(z.number().nullable()),
});

export const SeriesResult = z.object({
  metric: z.string(),
  aggregation: Aggregation,
  from: z.number(),
  to: z.number(),
  step: z.number(),
  /** Which stored resolution answered: 0 = raw samples, else the rollup width in ms. */
  resolution: z.number(),
  timestamps: z.array(z.number()),
  series: z.array(SeriesLine),
});
export type SeriesResult = z.infer<typeof SeriesResult>;

export const WidgetKind = z.enum(['line', 'area', 'bar', 'stat', 'gauge', 'table']);
export type WidgetKind = z.infer<typeof WidgetKind>;

export const Widget = z.object({
  id: z.string().min(1).max(64),
  kind: WidgetKind,
  title: z.string().max(120),
  metric: z.string().min(1).max(200),
  labels: LabelFilter.optional(),
  aggregation: Aggregation,
  range: DurationText,
  byLabels: z.boolean().default(false),
  unit: z.string().max(16).default(''),
  /** Grid columns (of 12) and rows (of ~80 px) the widget spans. */
  width: z.number().int().min(2).max(12),
  height: z.number().int().min(1).max(8),
  /** Gauge scale; stat and gauge turn red past it. */
  max: z.number().optional(),
});
export type Widget = z.infer<typeof Widget>;

export const Dashboard = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(80),
  widgets: z.array(Widget).max(60),
  updatedAt: z.number().optional(),
});
export type Dashboard = z.infer<typeof Dashboard>;
export const DashboardRef = z.object({ id: z.string().min(1) });

/** Retention per stored resolution (raw, per-minute, per-hour), in the same duration words. */
export const RetentionSettings = z.object({
  raw: DurationText.default('1d'),
  minute: DurationText.default('7d'),
  hour: DurationText.default('90d'),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;
