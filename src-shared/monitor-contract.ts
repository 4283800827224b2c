import { z } from 'zod';
import { Dashboard, DashboardRef, MetricInfo, RetentionSettings, SeriesQuery, SeriesResult } from './schemas/monitor';
import {
  AlertChannel,
  AlertDelivery,
  AlertEvent,
  AlertRule,
  AlertRuleInput,
  DeliveryFilter,
  HistoryFilter,
  Silence,
  SilenceInput,
} from './schemas/alerts';
import { AuditEntry, AuditExport, AuditExportRequest, AuditFilter } from './schemas/audit';

const Id = z.object({ id: z.string().min(1) });
const NumericId = z.object({ id: z.number().int() });
const Empty = z.object({});

/** The monitoring panel's calls (metrics, dashboards, alerts, audit); spread into the contract. */
export const monitorContract = {
  'monitor.metrics': { input: Empty, output: z.array(MetricInfo) },
  'monitor.series': { input: SeriesQuery, output: SeriesResult },
  'monitor.dashboards': { input: Empty, output: z.array(Dashboard) },
  'monitor.saveDashboard': { input: Dashboard, output: Dashboard },
  'monitor.removeDashboard': { input: DashboardRef, output: z.object({ removed: z.boolean() }) },
  /** How long raw, per-minute and per-hour samples are kept. */
  'monitor.retention': { input: Empty, output: RetentionSettings },
  'monitor.setRetention': { input: RetentionSettings, output: RetentionSettings },
  'alerts.rules': { input: Empty, output: z.array(AlertRule) },
  'alerts.saveRule': { input: AlertRuleInput, output: AlertRule },
  'alerts.removeRule': { input: Id, output: z.object({ removed: z.boolean() }) },
  'alerts.active': { input: Empty, output: z.array(AlertRule) },
  'alerts.history': { input: HistoryFilter, output: z.array(AlertEvent) },
  'alerts.sendTest': { input: z.object({ ruleId: z.string().min(1) }), output: AlertEvent },
  'alerts.deliveries': { input: DeliveryFilter, output: z.array(AlertDelivery) },
  'alerts.retryDelivery': { input: NumericId, output: z.object({ retried: z.boolean() }) },
  'alerts.silence': { input: SilenceInput, output: Silence },
  'alerts.silences': { input: Empty, output: z.array(Silence) },
  'alerts.endSilence': { input: NumericId, output: z.object({ ended: z.boolean() }) },
  'alerts.channels': { input: Empty, output: z.array(AlertChannel) },
  'alerts.saveChannel': { input: AlertChannel, output: AlertChannel },
  'alerts.removeChannel': { input: Id, output: z.object({ removed: z.boolean() }) },
  'audit.list': { input: AuditFilter, output: z.array(AuditEntry) },
  'audit.export': { input: AuditExportRequest, output: AuditExport },
} as const;
