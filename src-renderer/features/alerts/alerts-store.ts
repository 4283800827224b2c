import { createStore } from 'zustand/vanilla';
import type { AlertChannel, AlertDelivery, AlertEvent, AlertRule, AlertRuleInput, Silence } from '../../../src-shared/schemas/alerts';
import type { MetricInfo } from '../../../src-shared/schemas/monitor';
import type { QuarryClient } from '../../api';
import { ClientError } from '../../api';

export interface AlertsState {
  readonly rules: readonly AlertRule[];
  readonly history: readonly AlertEvent[];
  readonly channels: readonly AlertChannel[];
  readonly deliveries: readonly AlertDelivery[];
  readonly silences: readonly Silence[];
  readonly metrics: readonly MetricInfo[];
  /** In-app notifications not yet dismissed, newest first. */
  readonly toasts: readonly AlertEvent[];
  /** Rules firing now: the badge on the Alerts tab. */
  readonly firing: number;
  readonly error: string | null;
}

export interface AlertsActions {
  /** Loads everything and follows `alert_triggered` / `alert_resolved` events. */
  start(): Promise<void>;
  stop(): void;
  load(): Promise<void>;
  /** Saves a rule; resolves with the engine's validation message, or null when saved. */
  saveRule(input: AlertRuleInput): Promise<string | null>;
  removeRule(id: string): Promise<void>;
  setEnabled(rule: AlertRule, enabled: boolean): Promise<void>;
  sendTest(ruleId: string): Promise<void>;
  silence(ruleId: string | null, duration: string, comment: string): Promise<void>;
  endSilence(id: number): Promise<void>;
  saveChannel(channel: AlertChannel): Promise<string | null>;
  removeChannel(id: string): Promise<void>;
  retryDelivery(id: number): Promise<void>;
  dismissToast(id: number): void;
  clearError(): void;
}

export type AlertsStore = ReturnType<typeof createAlertsStore>;

function messageOf(error: unknown): string {
  return error instanceof ClientError ? error.message : 'Quarry could not be reached.';
}

/** The rule input a stored rule was made from, for editing and toggling. */
export function ruleInputOf(rule: AlertRule): AlertRuleInput {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    severity: rule.severity,
    conditions: rule.conditions,
    match: rule.match,
    channels: rule.channels,
    template: rule.template,
    tags: rule.tags,
  };
}

/** Alerts: rules with their live state, history, channels, deliveries, silences and in-app toasts. */
export function createAlertsStore(client: QuarryClient) {
  let unsubscribe: (() => void)[] = [];
  return createStore<AlertsState & AlertsActions>()((set, get) => {
    const attempt = async (work: () => Promise<unknown>) => {
      try {
        await work();
        await get().load();
      } catch (error) {
        set({ error: messageOf(error) });
      }
    };
    const onAlert = (event: AlertEvent) => {
      if (event.inApp) set({ toasts: [event, ...get().toasts].slice(0, 5) });
      void get().load();
    };

    return {
      rules: [],
      history: [],
      channels: [],
      deliveries: [],
      silences: [],
      metrics: [],
      toasts: [],
      firing: 0,
      error: null,

      async start() {
        get().stop();
        unsubscribe = [client.on('alert_triggered', onAlert), client.on('alert_resolved', onAlert)];
        await get().load();
      },
      stop() {
        for (const off of unsubscribe) off();
        unsubscribe = [];
      },
      async load() {
        try {
          const [rules, history, channels, deliveries, silences, metrics] = await Promise.all([
            client.call('alerts.rules', {}),
            client.call('alerts.history', { limit: 200 }),
            client.call('alerts.channels', {}),
            client.call('alerts.deliveries', { limit: 200 }),
            client.call('alerts.silences', {}),
            get().metrics.length > 0 ? Promise.resolve(get().metrics) : client.call('monitor.metrics', {}),
          ]);
          set({ rules, history, channels, deliveries, silences, metrics, firing: rules.filter((rule) => rule.state === 'firing').length });
        } catch (error) {
          set({ error: messageOf(error) });
        }
      },
      async saveRule(input) {
        try {
          await client.call('alerts.saveRule', input);
          await get().load();
          return null;
        } catch (error) {
          return messageOf(error);
        }
      },
      removeRule: (id) => attempt(() => client.call('alerts.removeRule', { id })),
      setEnabled: (rule, enabled) => attempt(() => client.call('alerts.saveRule', { ...ruleInputOf(rule), enabled })),
      sendTest: (ruleId) =>
        attempt(async () => {
          const event = await client.call('alerts.sendTest', { ruleId });
          if (event.inApp) set({ toasts: [event, ...get().toasts].slice(0, 5) });
        }),
      silence: (ruleId, duration, comment) => attempt(() => client.call('alerts.silence', { ruleId, duration, comment })),
      endSilence: (id) => attempt(() => client.call('alerts.endSilence', { id })),
      async saveChannel(channel) {
        try {
          await client.call('alerts.saveChannel', channel);
          await get().load();
          return null;
        } catch (error) {
          return messageOf(error);
        }
      },
      removeChannel: (id) => attempt(() => client.call('alerts.removeChannel', { id })),
      retryDelivery: (id) => attempt(() => client.call('alerts.retryDelivery', { id })),
      dismissToast(id) {
        set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
      },
      clearError() {
        set({ error: null });
      },
    };
  });
}
