import type { Handlers } from '../../../src-shared/contract';
import type { monitorContract } from '../../../src-shared/monitor-contract';
import type { MonitorApi } from './monitor';
import type { AlertChannel } from '../../../src-shared/schemas/alerts';

type MonitorHandlers = Pick<Handlers, keyof typeof monitorContract>;

const hidden = '********';

/** A channel as the UI sees it: shared secrets, passwords and tokens stay in the engine. */
export function withMaskedSecrets(channel: AlertChannel): AlertChannel {
  const config = { ...channel.config } as Record<string, unknown>;
  for (const key of ['secret', 'password', 'token']) if (typeof config[key] === 'string' && config[key] !== '') config[key] = hidden;
  return { ...channel, config: config as AlertChannel['config'] };
}

/** Channel secrets never go into the audit log; everything else about a change does. */
function withoutSecrets(config: Record<string, unknown>): Record<string, unknown> {
  const { secret: _secret, password: _password, token: _token, ...rest } = config;
  return rest;
}

/** The monitoring panel's contract handlers; changes to rules, channels and silences are audited. */
export function createMonitorHandlers(monitor: MonitorApi): MonitorHandlers {
  const { alerts, audit } = monitor;
  return {
    'monitor.metrics': async () => monitor.catalog(),
    'monitor.series': async (input) => monitor.series(input),
    'monitor.dashboards': async () => monitor.dashboards.list(),
    'monitor.saveDashboard': async (input) => monitor.dashboards.save(input),
    'monitor.removeDashboard': async ({ id }) => ({ removed: monitor.dashboards.remove(id) }),
    'monitor.retention': async () => monitor.retention(),
    'monitor.setRetention': async (input) => monitor.setRetention(input),
    'alerts.rules': async () => alerts.rules(),
    'alerts.saveRule': async (input) => {
      const rule = alerts.saveRule(input);
      audit.record({
        action: 'alerts.rule.save',
        target: rule.name,
        details: { id: rule.id, enabled: rule.enabled, channels: rule.channels, conditions: rule.conditions },
      });
      return rule;
    },
    'alerts.removeRule': async ({ id }) => {
      const removed = alerts.removeRule(id);
      if (removed) audit.record({ action: 'alerts.rule.delete', target: id });
      return { removed };
    },
    'alerts.active': async () => alerts.active(),
    'alerts.history': async (filter) => alerts.history(filter),
    'alerts.sendTest': async ({ ruleId }) => alerts.sendTest(ruleId),
    'alerts.deliveries': async (filter) => alerts.deliveries(filter),
    'alerts.retryDelivery': async ({ id }) => ({ retried: alerts.retryDelivery(id) }),
    'alerts.silence': async (input) => {
      const silence = alerts.silence(input);
      audit.record({
        action: 'alerts.silence',
        target: silence.ruleId ?? 'all rules',
        details: { endsAt: new Date(silence.endsAt).toISOString(), comment: silence.comment },
      });
      return silence;
    },
    'alerts.silences': async () => alerts.silences(),
    'alerts.endSilence': async ({ id }) => ({ ended: alerts.endSilence(id) }),
    'alerts.channels': async () => alerts.channels().map(withMaskedSecrets),
    'alerts.saveChannel': async (input) => {
      // Saving a channel shown with masked secrets keeps the secrets it had.
      const previous = alerts.channel(input.id);
      const config = { ...input.config } as Record<string, unknown>;
      for (const [key, value] of Object.entries(previous?.config ?? {})) if (config[key] === hidden) config[key] = value;
      const channel = alerts.saveChannel({ ...input, config: config as AlertChannel['config'] });
      audit.record({ action: 'alerts.channel.save', target: channel.id, details: withoutSecrets(channel.config) });
      return withMaskedSecrets(channel);
    },
    'alerts.removeChannel': async ({ id }) => {
      const removed = alerts.removeChannel(id);
      if (removed) audit.record({ action: 'alerts.channel.delete', target: id });
      return { removed };
    },
    'audit.list': async (filter) => audit.list(filter),
    'audit.export': async (input) => audit.export(input),
  };
}
