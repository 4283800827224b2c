import { z } from 'zod';
import { Aggregation, DurationText, LabelFilter } from './monitor';

export const Operator = z.enum(['>', '>=', '<', '<=', '==', '!=']);
export type Operator = z.infer<typeof Operator>;
export const Severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const AlertCondition = z.object({
  metric: z.string().min(1).max(200),
  labels: LabelFilter.optional(),
  aggregation: Aggregation.default('avg'),
  operator: Operator,
  threshold: z.number().finite(),
  /** How long the condition must hold before the rule fires (Prometheus' `for`); `0s` fires at once. */
  duration: DurationText.default('0s'),
  /** The window the aggregation looks back over at each evaluation. */
  window: DurationText.default('1m'),
});
export type AlertCondition = z.infer<typeof AlertCondition>;

export const AlertTemplate = z.object({
  title: z.string().max(300).default('{{severity}}: {{name}} is {{state}}'),
  body: z.string().max(4000).default('{{summary}}'),
});

export const AlertRuleInput = z.object({
  id: z.string().max(64).optional(),
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  enabled: z.boolean().default(true),
  severity: Severity.default('warning'),
  conditions: z.array(AlertCondition).min(1).max(10),
  match: z.enum(['all', 'any']).default('all'),
  /** Channel ids; `in-app` always exists. */
  channels: z.array(z.string().min(1)).max(20).default(['in-app']),
  template: AlertTemplate.default({ title: '{{severity}}: {{name}} is {{state}}', body: '{{summary}}' }),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
});
export type AlertRuleInput = z.input<typeof AlertRuleInput>;

export const AlertState = z.enum(['inactive', 'pending', 'firing']);
export type AlertState = z.infer<typeof AlertState>;

export const AlertRule = AlertRuleInput.extend({
  id: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  state: AlertState,
  /** When the current state began (pending or firing), else null. */
  since: z.number().nullable(),
  lastValues: z.array(z.number().nullable()),
  lastEvaluatedAt: z.number().nullable(),
});
export type AlertRule = z.infer<typeof AlertRule>;

export const ChannelKind = z.enum(['in-app', 'webhook', 'slack', 'email', 'sms']);
export type ChannelKind = z.infer<typeof ChannelKind>;

export const ChannelConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('in-app') }),
  z.object({ kind: z.literal('webhook'), url: z.url(), secret: z.string().min(8).max(200) }),
  z.object({ kind: z.literal('slack'), url: z.url() }),
  z.object({
    kind: z.literal('email'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean().default(false),
    user: z.string().optional(),
    password: z.string().optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  }),
  z.object({
    kind: z.literal('sms'),
    url: z.url(),
    token: z.string().optional(),
    from: z.string().default('Quarry'),
    to: z.array(z.string().regex(/^\+?[0-9 ()-]{5,20}$/, 'A phone number')).min(1),
  }),
]);
export type ChannelConfig = z.infer<typeof ChannelConfig>;

export const AlertChannel = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9-]+$/, 'Lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(80),
  config: ChannelConfig,
});
export type AlertChannel = z.infer<typeof AlertChannel>;

export const AlertEventKind = z.enum(['firing', 'resolved', 'test']);

/** A notification-worthy moment of a rule, as stored, sent on the WebSocket and shown in history. */
export const AlertEvent = z.object({
  id: z.number().int(),
  ruleId: z.string(),
  ruleName: z.string(),
  severity: Severity,
  kind: AlertEventKind,
  title: z.string(),
  body: z.string(),
  values: z.array(z.number().nullable()),
  silenced: z.boolean(),
  inApp: z.boolean(),
  at: z.number(),
  tags: z.array(z.string()),
});
export type AlertEvent = z.infer<typeof AlertEvent>;

export const DeliveryStatus = z.enum(['pending', 'sent', 'failed']);
export const AlertDelivery = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  channelId: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.number().nullable(),
  createdAt: z.number(),
  deliveredAt: z.number().nullable(),
});
export type AlertDelivery = z.infer<typeof AlertDelivery>;

export const Silence = z.object({
  id: z.number().int(),
  /** A rule id, or null to silence every rule. */
  ruleId: z.string().nullable(),
  endsAt: z.number(),
  comment: z.string(),
  createdAt: z.number(),
});
export type Silence = z.infer<typeof Silence>;
export const SilenceInput = z.object({
  ruleId: z.string().nullable().default(null),
  endsAt: z.number().int().optional(),
  duration: DurationText.optional(),
  comment: z.string().max(500).default(''),
});

export const HistoryFilter = z.object({
  ruleId: z.string().optional(),
  kind: AlertEventKind.optional(),
  before: z.number().int().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const DeliveryFilter = z.object({
  status: DeliveryStatus.optional(),
  eventId: z.number().int().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
