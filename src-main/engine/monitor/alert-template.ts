import type { AlertCondition } from '../../../src-shared/schemas/alerts';

export const templateVariables = [
  'name',
  'description',
  'severity',
  'state',
  'value',
  'threshold',
  'metric',
  'operator',
  'summary',
  'since',
  'at',
  'tags',
] as const;

export interface TemplateContext {
  readonly name: string;
  readonly description: string;
  readonly severity: string;
  readonly state: 'firing' | 'resolved' | 'test';
  readonly conditions: readonly AlertCondition[];
  readonly values: readonly (number | null)[];
  readonly since: number | null;
  readonly at: number;
  readonly tags: readonly string[];
}

const variablePattern = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** Variables a template uses that Quarry does not know, for the rule editor's validation. */
export function unknownTemplateVariables(template: string): string[] {
  const known = new Set<string>(templateVariables);
  return [...template.matchAll(variablePattern)].map((match) => match[1]!).filter((name) => !known.has(name));
}

export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'no data';
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : Number(value.toPrecision(4)).toString();
}

/** One line per condition: `quarry_x (avg over 1m) = 12.5, threshold > 10 for 5m`. */
export function summarize(conditions: readonly AlertCondition[], values: readonly (number | null)[]): string {
  return conditions
    .map((condition, i) => {
      const labels = condition.labels && Object.keys(condition.labels).length > 0 ? JSON.stringify(condition.labels) : '';
      return `${condition.metric}${labels} (${condition.aggregation} over ${condition.window}) = ${formatValue(values[i])}, threshold ${condition.operator} ${condition.threshold} for ${condition.duration}`;
    })
    .join('\n');
}

/**
 * Fills `{{variables}}` in a title or body. Hand-written because the whole language is a fixed set
 * of plain substitutions: no loops, no escaping rules, no user code.
 */
export function renderTemplate(template: string, context: TemplateContext): string {
  const first = context.conditions[0];
  const values: Record<(typeof templateVariables)[number], string> = {
    name: context.name,
    description: context.description,
    severity: context.severity,
    state: context.state,
    value: formatValue(context.values[0]),
    threshold: first ? String(first.threshold) : '',
    metric: first?.metric ?? '',
    operator: first?.operator ?? '',
    summary: summarize(context.conditions, context.values),
    since: context.since === null ? '' : new Date(context.since).toISOString(),
    at: new Date(context.at).toISOString(),
    tags: context.tags.join(', '),
  };
  return template.replace(variablePattern, (whole, name: string) => (name in values ? values[name as keyof typeof values] : whole));
}
