import { useState } from 'react';
import { AlertRuleInput, Operator, Severity, type AlertCondition, type AlertChannel } from '../../../src-shared/schemas/alerts';
import { Aggregation, type MetricInfo } from '../../../src-shared/schemas/monitor';

type Draft = {
  id?: string | undefined;
  name: string;
  description: string;
  enabled: boolean;
  severity: Severity;
  match: 'all' | 'any';
  conditions: AlertCondition[];
  channels: string[];
  title: string;
  body: string;
  tags: string;
};

const newCondition = (): AlertCondition => ({
  metric: 'quarry_answer_duration_seconds:p95',
  aggregation: 'max',
  operator: '>',
  threshold: 5,
  duration: '5m',
  window: '1m',
});

export function draftOf(input: AlertRuleInput | null): Draft {
  return {
    id: input?.id,
    name: input?.name ?? '',
    description: input?.description ?? '',
    enabled: input?.enabled ?? true,
    severity: input?.severity ?? 'warning',
    match: input?.match ?? 'all',
    conditions: (input?.conditions as AlertCondition[] | undefined) ?? [newCondition()],
    channels: input?.channels ?? ['in-app'],
    title: input?.template?.title ?? '{{severity}}: {{name}} is {{state}}',
    body: input?.template?.body ?? '{{summary}}',
    tags: (input?.tags ?? []).join(', '),
  };
}

/** Turns the form into a rule input and checks it with the contract's own schema. */
export function validateDraft(draft: Draft): { input: AlertRuleInput } | { problems: string[] } {
  const input: AlertRuleInput = {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name,
    description: draft.description,
    enabled: draft.enabled,
    severity: draft.severity,
    match: draft.match,
    conditions: draft.conditions,
    channels: draft.channels,
    template: { title: draft.title, body: draft.body },
    tags: draft.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
  };
  const parsed = AlertRuleInput.safeParse(input);
  if (parsed.success) return { input };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.join(' › ') || 'rule'}: ${issue.message}`) };
}

function ConditionRow(props: {
  readonly index: number;
  readonly condition: AlertCondition;
  readonly metrics: readonly MetricInfo[];
  readonly onChange: (condition: AlertCondition) => void;
  readonly onRemove: (() => void) | null;
}) {
  const { condition, index } = props;
  const change = (patch: Partial<AlertCondition>) => props.onChange({ ...condition, ...patch });
  return (
    <fieldset className="condition-row">
      <legend>Condition {index + 1}</legend>
      <label className="wide">
        Metric
        <select
          aria-label={`Metric of condition ${index + 1}`}
          value={condition.metric}
          onChange={(event) => change({ metric: event.target.value })}
        >
          {props.metrics.map((metric) => (
            <option key={metric.name} value={metric.name}>
              {metric.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Aggregation
        <select
          value={condition.aggregation}
          onChange={(event) => change({ aggregation: event.target.value as AlertCondition['aggregation'] })}
        >
          {Aggregation.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      </label>
      <label>
        Over the last
        <input
          aria-label={`Window of condition ${index + 1}`}
          value={condition.window}
          onChange={(event) => change({ window: event.target.value })}
        />
      </label>
      <label>
        Operator
        <select
          aria-label={`Operator of condition ${index + 1}`}
          value={condition.operator}
          onChange={(event) => change({ operator: event.target.value as AlertCondition['operator'] })}
        >
          {Operator.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      </label>
      <label>
        Threshold
        <input
          aria-label={`Threshold of condition ${index + 1}`}
          type="number"
          step="any"
          value={Number.isFinite(condition.threshold) ? condition.threshold : ''}
          onChange={(event) => change({ threshold: event.target.value === '' ? Number.NaN : Number(event.target.value) })}
        />
      </label>
      <label>
        For at least
        <input
          aria-label={`Duration of condition ${index + 1}`}
          value={condition.duration}
          onChange={(event) => change({ duration: event.target.value })}
        />
      </label>
      {props.onRemove ? (
        <button type="button" className="danger" onClick={props.onRemove}>
          Remove condition
        </button>
      ) : null}
    </fieldset>
  );
}

/** The rule editor: conditions, channels and message template, validated before it reaches the engine. */
export function RuleEditor(props: {
  readonly initial: AlertRuleInput | null;
  readonly metrics: readonly MetricInfo[];
  readonly channels: readonly AlertChannel[];
  readonly onSave: (input: AlertRuleInput) => Promise<string | null>;
  readonly onClose: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.initial));
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const change = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const submit = async () => {
    const checked = validateDraft(draft);
    if ('problems' in checked) return setProblems(checked.problems);
    setSaving(true);
    const problem = await props.onSave(checked.input);
    setSaving(false);
    if (problem) setProblems([problem]);
    else props.onClose();
  };

  return (
    <form
      className="panel rule-editor"
      aria-label="Alert rule"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2>{props.initial ? `Edit “${props.initial.name}”` : 'New alert rule'}</h2>
      <div className="form-grid">
        <label className="wide">
          Name
          <input value={draft.name} onChange={(event) => change({ name: event.target.value })} required maxLength={120} />
        </label>
        <label>
          Severity
          <select value={draft.severity} onChange={(event) => change({ severity: event.target.value as Severity })}>
            {Severity.options.map((option) => (
              <option key={option}>{option}</option>
            ))}
          </select>
        </label>
        <label>
          Fire when
          <select value={draft.match} onChange={(event) => change({ match: event.target.value as 'all' | 'any' })}>
            <option value="all">all conditions hold</option>
            <option value="any">any condition holds</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={draft.enabled} onChange={(event) => change({ enabled: event.target.checked })} />
          Enabled
        </label>
        <label className="wide">
          Description
          <input value={draft.description} onChange={(event) => change({ description: event.target.value })} />
        </label>
      </div>
      {draft.conditions.map((condition, index) => (
        <ConditionRow
          key={index}
          index={index}
          condition={condition}
          metrics={props.metrics}
          onChange={(next) => change({ conditions: draft.conditions.map((candidate, i) => (i === index ? next : candidate)) })}
          onRemove={draft.conditions.length > 1 ? () => change({ conditions: draft.conditions.filter((_, i) => i !== index) }) : null}
        />
      ))}
      <button type="button" onClick={() => change({ conditions: [...draft.conditions, newCondition()] })}>
        Add condition
      </button>
      <fieldset className="channel-picks">
        <legend>Notify through</legend>
        {props.channels.map((channel) => (
          <label key={channel.id} className="checkbox">
            <input
              type="checkbox"
              checked={draft.channels.includes(channel.id)}
              onChange={(event) =>
                change({
                  channels: event.target.checked ? [...draft.channels, channel.id] : draft.channels.filter((id) => id !== channel.id),
                })
              }
            />
            {channel.name} <span className="muted small">({channel.config.kind})</span>
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <label className="wide">
          Message title
          <input value={draft.title} onChange={(event) => change({ title: event.target.value })} />
        </label>
        <label className="wide">
          Message body
          <textarea
            rows={3}
            value={draft.body}
            onChange={(event) => change({ body: event.target.value })}
            aria-describedby="template-variables"
          />
        </label>
        <p id="template-variables" className="muted small wide">
          Variables: {'{{name}} {{severity}} {{state}} {{value}} {{threshold}} {{metric}} {{summary}} {{since}} {{at}} {{tags}}'}
        </p>
        <label className="wide">
          Tags (comma-separated)
          <input value={draft.tags} onChange={(event) => change({ tags: event.target.value })} />
        </label>
      </div>
      {problems.length > 0 ? (
        <ul className="form-error" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div className="button-row">
        <button type="submit" className="primary" disabled={saving}>
          Save rule
        </button>
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
