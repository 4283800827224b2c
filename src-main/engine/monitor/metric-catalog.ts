import type { Registry } from 'prom-client';
import type { MetricInfo } from '../../../src-shared/schemas/monitor';
import { histogramQuantiles } from './snapshot';

/**
 * Every series the sampler can produce from the registry's definitions, including those that have
 * no data yet, so editors can offer them and rules can be checked before the first observation.
 */
export function metricCatalog(registry: Registry): MetricInfo[] {
  const catalog: MetricInfo[] = [];
  for (const metric of registry.getMetricsAsArray()) {
    const { name, help, labelNames = [] } = metric as unknown as { name: string; help: string; labelNames?: string[] };
    const type = String((metric as unknown as { type: string }).type);
    const labels = labelNames.filter((label) => label !== 'le');
    if (type === 'counter' || type === 'gauge') {
      catalog.push({ name, help, kind: type, labels });
      continue;
    }
    if (type !== 'histogram') continue;
    catalog.push({ name: `${name}_count`, help: `${help} (observations)`, kind: 'counter', labels });
    catalog.push({ name: `${name}_sum`, help: `${help} (sum of observations)`, kind: 'counter', labels });
    for (const q of histogramQuantiles) {
      catalog.push({
        name: `${name}:p${Math.round(q * 100)}`,
        help: `${help} (p${Math.round(q * 100)} per sample interval)`,
        kind: 'derived',
        labels,
      });
    }
  }
  return catalog.sort((a, b) => a.name.localeCompare(b.name));
}
