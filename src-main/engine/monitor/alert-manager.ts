import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import type { AlertChannel, AlertRuleInput, DeliveryFilter, HistoryFilter, SilenceInput } from '../../../src-shared/schemas/alerts';
import { type AlertCondition, type AlertEvent, type AlertRule, type Silence } from '../../../src-shared/schemas/alerts';
import type { EngineEvents } from '../events';
import { evaluateRule, initialEvaluationState, type Transition } from './alert-evaluation';
import type { AlertStore, RuleDefinition } from './alert-store';
import { renderTemplate, unknownTemplateVariables } from './alert-template';
import type { DeliveryWorker } from './delivery-worker';
import { parseDuration } from './duration';

export const inAppChannel: AlertChannel = { id: 'in-app', name: 'In the app', config: { kind: 'in-app' } };

export interface AlertManagerDeps {
  readonly store: AlertStore;
  readonly worker: DeliveryWorker;
  readonly events: EngineEvents;
  /** The value of one condition over its window ending at `at`; null without data. */
  readonly conditionValue: (condition: AlertCondition, at: number) => number | null;
  readonly knownMetric: (name: string) => boolean;
  readonly onStateCounts?: (firing: number, pending: number) => void;
  readonly now?: () => number;
}

/** The channel with this id: the built-in in-app one or a stored one. */
export function findAlertChannel(store: AlertStore, id: string): AlertChannel | undefined {
  return id === inAppChannel.id ? inAppChannel : store.channels().find((candidate) => candidate.id === id);
}

export interface AlertManager {
  channel: (id: string) => AlertChannel | undefined;
  rules: () => AlertRule[];
  rule(id: string): AlertRule;
  /** Creates or replaces a rule after checking metrics, channels and template variables. */
  saveRule(input: z.output<typeof AlertRuleInput>): AlertRule;
  removeRule(id: string): boolean;
  /** Evaluates every enabled rule against the samples up to `at`; called after each sample. */
  evaluate(at?: number): void;
  active: () => AlertRule[];
  history: (filter: z.output<typeof HistoryFilter>) => AlertEvent[];
  deliveries: (filter: z.output<typeof DeliveryFilter>) => {
    id: number;
    eventId: number;
    channelId: string;
    status: 'failed' | 'pending' | 'sent';
    attempts: number;
    lastError: string | null;
    nextAttemptAt: number | null;
    createdAt: number;
    deliveredAt: number | null;
  }[];
  retryDelivery(id: number): boolean;
  /** Sends a test notification through every channel of the rule, silences notwithstanding. */
  sendTest(ruleId: string): AlertEvent;
  silence(input: z.output<typeof SilenceInput>): Silence;
  silences: () => Silence[];
  endSilence: (id: number) => boolean;
  channels: () => AlertChannel[];
  saveChannel(input: AlertChannel): AlertChannel;
  removeChannel(id: string): boolean;
}

/** Alert rules: validation, evaluation after each sample, notifications, silences, history. */
export function createAlertManager(deps: AlertManagerDeps): AlertManager {
  const { store } = deps;
  const now = deps.now ?? Date.now;

  const channel = (id: string): AlertChannel | undefined => findAlertChannel(store, id);

  function validate(definition: RuleDefinition): void {
    const problems: string[] = [];
    for (const condition of definition.conditions) {
      if (!deps.knownMetric(condition.metric)) problems.push(`Quarry has no metric named ${condition.metric}.`);
    }
    const unknownChannels = definition.channels.filter((id) => !channel(id));
    if (unknownChannels.length > 0) problems.push(`Unknown channel: ${unknownChannels.join(', ')}.`);
    const unknownVariables = [
      ...unknownTemplateVariables(definition.template.title),
      ...unknownTemplateVariables(definition.template.body),
    ];
    if (unknownVariables.length > 0)
      problems.push(`Unknown template variable: ${unknownVariables.map((name) => `{{${name}}}`).join(', ')}.`);
    if (problems.length > 0) throw new AppError('validation', problems.join(' '), { problems });
  }

  function silencedBy(ruleId: string, at: number): Silence | undefined {
    return store.activeSilences(at).find((silence) => silence.ruleId === null || silence.ruleId === ruleId);
  }

  function record(
    rule: RuleDefinition,
    kind: AlertEvent['kind'],
    values: readonly (number | null)[],
    since: number | null,
    at: number,
    silenced: boolean,
  ): AlertEvent {
    const state = kind === 'firing' ? 'firing' : kind === 'resolved' ? 'resolved' : 'test';
    const context = { ...rule, state, values, since, at } as const;
    const event = store.insertEvent({
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      kind,
      title: renderTemplate(rule.template.title, context),
      body: renderTemplate(rule.template.body, context),
      values: [...values],
      silenced,
      inApp: rule.channels.includes(inAppChannel.id) && !silenced,
      tags: rule.tags,
      at,
    });
    if (!silenced) {
      store.insertDeliveries(event.id, rule.channels, at);
      deps.worker.kick();
    }
    return event;
  }

  function notify(
    rule: RuleDefinition,
    transition: Transition,
    values: readonly (number | null)[],
    since: number | null,
    at: number,
  ): void {
    if (transition !== 'firing' && transition !== 'resolved') return;
    const event = record(rule, transition, values, since, at, silencedBy(rule.id, at) !== undefined);
    deps.events.emit(transition === 'firing' ? 'alert_triggered' : 'alert_resolved', event);
  }

  return {
    channel,
    rules: (): AlertRule[] => store.rules(),
    rule(id: string): AlertRule {
      const rule = store.rule(id);
      if (!rule) throw new AppError('not-found', `No alert rule ${id}.`);
      return rule;
    },
    /** Creates or replaces a rule after checking metrics, channels and template variables. */
    saveRule(parsed) {
      const definition: RuleDefinition = { ...parsed, id: parsed.id ?? randomUUID() };
      validate(definition);
      store.saveRule(definition, now());
      return store.rule(definition.id)!;
    },
    removeRule(id: string): boolean {
      return store.removeRule(id);
    },

    /** Evaluates every enabled rule against the samples up to `at`; called after each sample. */
    evaluate(at: number = now()): void {
      let firing = 0;
      let pending = 0;
      for (const rule of store.rules()) {
        if (!rule.enabled) continue;
        const previous = store.evaluationState(rule.id) ?? initialEvaluationState;
        const values = rule.conditions.map((condition) => deps.conditionValue(condition, at));
        const { next, transition } = evaluateRule(rule, previous, values, at);
        store.saveEvaluation(rule.id, next, values, at);
        notify(rule, transition, values, transition === 'resolved' ? previous.since : next.since, at);
        if (next.state === 'firing') firing += 1;
        if (next.state === 'pending') pending += 1;
      }
      deps.onStateCounts?.(firing, pending);
    },

    active: (): AlertRule[] => store.rules().filter((rule) => rule.state !== 'inactive'),
    history: (filter) => store.history(filter),
    deliveries: (filter) => store.deliveries(filter),
    retryDelivery(id: number): boolean {
      const retried = store.retryDelivery(id, now());
      if (retried) deps.worker.kick();
      return retried;
    },

    /** Sends a test notification through every channel of the rule, silences notwithstanding. */
    sendTest(ruleId: string): AlertEvent {
      const rule = store.rule(ruleId);
      if (!rule) throw new AppError('not-found', `No alert rule ${ruleId}.`);
      const at = now();
      return record(rule, 'test', rule.lastValues, rule.since, at, false);
    },

    silence(parsed) {
      const at = now();
      const endsAt = parsed.endsAt ?? (parsed.duration ? at + parseDuration(parsed.duration) : undefined);
      if (endsAt === undefined || endsAt <= at) throw new AppError('validation', 'A silence needs an end time in the future.');
      if (parsed.ruleId !== null && !store.rule(parsed.ruleId)) throw new AppError('not-found', `No alert rule ${parsed.ruleId}.`);
      return store.addSilence(parsed.ruleId, endsAt, parsed.comment, at);
    },
    silences: (): Silence[] => store.activeSilences(now()),
    endSilence: (id: number): boolean => store.endSilence(id, now()),

    channels: (): AlertChannel[] => [inAppChannel, ...store.channels()],
    saveChannel(parsed) {
      if (parsed.id === inAppChannel.id) throw new AppError('validation', 'The in-app channel is built in.');
      store.saveChannel(parsed, now());
      return parsed;
    },
    removeChannel(id: string): boolean {
      const users = store.rules().filter((rule) => rule.channels.includes(id));
      if (users.length > 0) throw new AppError('conflict', `The channel is used by: ${users.map((rule) => rule.name).join(', ')}.`);
      return store.removeChannel(id);
    },
  };
}
