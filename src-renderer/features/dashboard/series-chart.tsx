import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SeriesResult, WidgetKind } from '../../../src-shared/schemas/monitor';
import { formatMetricValue } from './dashboard-layout';

const palette = ['#2456c7', '#d9480f', '#2b8a3e', '#ae3ec9', '#e67700', '#0b7285', '#c2255c', '#5c940d'];

function lineLabel(labels: Readonly<Record<string, string>>, fallback: string): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? fallback : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}

function chartOptions(result: SeriesResult, kind: WidgetKind, unit: string, width: number, height: number): uPlot.Options {
  const bars = kind === 'bar' ? uPlot.paths.bars?.({ size: [0.8, 40] }) : undefined;
  return {
    width,
    height,
    legend: { show: result.series.length > 1 || kind === 'bar' },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: 'currentColor', grid: { stroke: 'rgba(127,127,127,0.15)' } },
      {
        stroke: 'currentColor',
        grid: { stroke: 'rgba(127,127,127,0.15)' },
        size: 70,
        values: (_self, ticks) => ticks.map((tick) => formatMetricValue(tick, unit)),
      },
    ],
    series: [
      {},
      ...result.series.map((line, index) => {
        const color = palette[index % palette.length]!;
        return {
          label: lineLabel(line.labels, result.metric.replace(/^quarry_/, '')),
          stroke: color,
          width: 2,
          fill: kind === 'area' || kind === 'bar' ? `${color}55` : undefined,
          ...(bars ? { paths: bars, points: { show: false } } : {}),
          value: (_self: uPlot, value: number | null) => formatMetricValue(value, unit),
        };
      }),
    ],
  };
}

/** A line, area or bar chart of one widget's series, drawn by uPlot and resized with its frame. */
export function SeriesChart(props: {
  readonly result: SeriesResult;
  readonly kind: WidgetKind;
  readonly unit: string;
  readonly height: number;
  readonly title: string;
}) {
  const { result, kind, unit, height, title } = props;
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const data: uPlot.AlignedData = [result.timestamps.map((ms) => ms / 1000), ...result.series.map((line) => line.values)];
    plot.current?.destroy();
    plot.current = new uPlot(chartOptions(result, kind, unit, Math.max(200, element.clientWidth), height), data, element);
    const observer = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, element.clientWidth), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [result, kind, unit, height]);

  const points = result.series.reduce((sum, line) => sum + line.values.filter((value) => value !== null).length, 0);
  return (
    <div className="series-chart" ref={holder} role="img" aria-label={`${title}: chart with ${points} points`}>
      {points === 0 ? <p className="muted chart-empty">No data in this range yet.</p> : null}
    </div>
  );
}
