import { useEffect, useState } from 'react';
import type { AlertRule, AlertRuleInput } from '../../../src-shared/schemas/alerts';
import { useAlerts } from '../../app/stores';
import { ErrorBanner } from '../../ui/error-banner';
import { ChannelsPanel } from './channels-panel';
import { RuleEditor } from './rule-editor';
import { ruleInputOf } from './alerts-store';
import '../dashboard/dashboard.css';
import './alerts.css';

const tabs = ['active', 'rules', 'history', 'channels'] as const;
type Tab = (typeof tabs)[number];
const tabLabels: Record<Tab, string> = { active: 'Active', rules: 'Rules', history: 'History', channels: 'Channels & deliveries' };

function formatValues(values: readonly (number | null)[]): string {
  return values.map((value) => (value === null ? 'no data' : Number(value.toPrecision(4)).toString())).join(' · ');
}

function ActiveAlerts() {
  // Select the stable array and filter here: a selector returning a new array re-renders forever.
  const allRules = useAlerts((s) => s.rules);
  const rules = allRules.filter((rule) => rule.state !== 'inactive');
  const silences = useAlerts((s) => s.silences);
  const silence = useAlerts((s) => s.silence);
  const endSilence = useAlerts((s) => s.endSilence);
  return (
    <>
      <section className="panel" aria-labelledby="active-heading">
        <h2 id="active-heading">Firing and pending</h2>
        {rules.length === 0 ? <p className="muted">All quiet: no rule is firing or pending.</p> : null}
        <ul className="alert-list">
          {rules.map((rule) => (
            <li key={rule.id} className={`alert-item ${rule.state} ${rule.severity}`} data-testid="active-alert">
              <span className={`state-pill ${rule.state}`}>{rule.state}</span> <strong>{rule.name}</strong>{' '}
              <span className="muted">
                {rule.severity} · since {rule.since ? new Date(rule.since).toLocaleTimeString() : '—'} · {formatValues(rule.lastValues)}
              </span>
              <span className="button-row">
                {['1h', '4h', '1d'].map((duration) => (
                  <button key={duration} type="button" onClick={() => void silence(rule.id, duration, '')}>
                    Silence {duration}
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="silences-heading">
        <h2 id="silences-heading">Silences</h2>
        {silences.length === 0 ? <p className="muted">No silences.</p> : null}
        <ul>
          {silences.map((entry) => (
            <li key={entry.id}>
              {entry.ruleId ?? 'All rules'} until {new Date(entry.endsAt).toLocaleString()} {entry.comment ? `— ${entry.comment}` : ''}{' '}
              <button type="button" onClick={() => void endSilence(entry.id)}>
                End now
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => void silence(null, '1h', 'maintenance')}>
          Silence everything for 1 h
        </button>
      </section>
    </>
  );
}

function RuleList(props: { readonly onEdit: (rule: AlertRule | null) => void }) {
  const rules = useAlerts((s) => s.rules);
  const setEnabled = useAlerts((s) => s.setEnabled);
  const sendTest = useAlerts((s) => s.sendTest);
  const removeRule = useAlerts((s) => s.removeRule);
  return (
    <section className="panel" aria-labelledby="rules-heading">
      <h2 id="rules-heading">Rules</h2>
      <button type="button" className="primary" onClick={() => props.onEdit(null)}>
        New rule
      </button>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">State</th>
            <th scope="col">Conditions</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id} data-testid="rule-row">
              <td>
                <strong>{rule.name}</strong>
                <div className="muted small">
                  {rule.severity} · {rule.channels.join(', ')} {rule.tags.length ? `· ${rule.tags.join(', ')}` : ''}
                </div>
              </td>
              <td>
                <span className={`state-pill ${rule.enabled ? rule.state : 'disabled'}`}>{rule.enabled ? rule.state : 'disabled'}</span>
              </td>
              <td className="small">
                {rule.conditions.map((condition, index) => (
                  <div key={index}>
                    {condition.aggregation}({condition.metric}, {condition.window}) {condition.operator} {condition.threshold} for{' '}
                    {condition.duration}
                  </div>
                ))}
              </td>
              <td className="button-row">
                <button type="button" onClick={() => props.onEdit(rule)}>
                  Edit
                </button>
                <button type="button" onClick={() => void setEnabled(rule, !rule.enabled)}>
                  {rule.enabled ? 'Disable' : 'Enable'}
                </button>
                <button type="button" onClick={() => void sendTest(rule.id)}>
                  Send test
                </button>
                <button type="button" className="danger" onClick={() => void removeRule(rule.id)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function History() {
  const history = useAlerts((s) => s.history);
  const [kind, setKind] = useState<'all' | 'firing' | 'resolved' | 'test'>('all');
  const shown = history.filter((event) => kind === 'all' || event.kind === kind);
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <label>
        Show{' '}
        <select value={kind} onChange={(event) => setKind(event.target.value as typeof kind)}>
          <option value="all">everything</option>
          <option value="firing">firing</option>
          <option value="resolved">resolved</option>
          <option value="test">tests</option>
        </select>
      </label>
      <table className="data-table">
        <tbody>
          {shown.map((event) => (
            <tr key={event.id} data-testid="history-row">
              <td className="muted small">{new Date(event.at).toLocaleString()}</td>
              <td>
                <span className={`state-pill ${event.kind}`}>{event.kind}</span>
                {event.silenced ? <span className="muted small"> silenced</span> : null}
              </td>
              <td>
                <strong>{event.title}</strong>
                <div className="muted small pre">{event.body}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The Alerts screen: what fires now, the rules and their editor, history, channels and deliveries. */
export function AlertsView() {
  const load = useAlerts((s) => s.load);
  const error = useAlerts((s) => s.error);
  const clearError = useAlerts((s) => s.clearError);
  const metrics = useAlerts((s) => s.metrics);
  const channels = useAlerts((s) => s.channels);
  const saveRule = useAlerts((s) => s.saveRule);
  const [tab, setTab] = useState<Tab>('active');
  const [editing, setEditing] = useState<{ rule: AlertRuleInput | null } | null>(null);
  // Deliveries and pending states change without an event of their own: refresh while the screen is open.
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <div className="alerts-view">
      <header className="view-head">
        <h1>Alerts</h1>
        <div role="tablist" aria-label="Alerts" className="button-row">
          {tabs.map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)}>
              {tabLabels[name]}
            </button>
          ))}
        </div>
      </header>
      <ErrorBanner message={error} onDismiss={clearError} />
      {editing ? (
        <RuleEditor initial={editing.rule} metrics={metrics} channels={channels} onSave={saveRule} onClose={() => setEditing(null)} />
      ) : null}
      {tab === 'active' ? <ActiveAlerts /> : null}
      {tab === 'rules' ? <RuleList onEdit={(rule) => setEditing({ rule: rule ? ruleInputOf(rule) : null })} /> : null}
      {tab === 'history' ? <History /> : null}
      {tab === 'channels' ? <ChannelsPanel /> : null}
    </div>
  );
}
