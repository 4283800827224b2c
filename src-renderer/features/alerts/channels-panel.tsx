import { useEffect, useState } from 'react';
import { AlertChannel, type ChannelKind } from '../../../src-shared/schemas/alerts';
import { useAlerts } from '../../app/stores';

const kindLabels: Record<Exclude<ChannelKind, 'in-app'>, string> = {
  webhook: 'Webhook (signed JSON)',
  slack: 'Slack incoming webhook',
  email: 'Email (SMTP)',
  sms: 'SMS gateway',
};
type Fields = Record<string, string>;

/** Builds a channel from the form's text fields; the contract schema reports what is wrong. */
export function channelFromFields(kind: Exclude<ChannelKind, 'in-app'>, fields: Fields) {
  const list = (text: string | undefined) =>
    (text ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const config = {
    webhook: { kind, url: fields.url, secret: fields.secret },
    slack: { kind, url: fields.url },
    email: {
      kind,
      host: fields.host,
      port: Number(fields.port || 587),
      secure: fields.secure === 'yes',
      user: fields.user || undefined,
      password: fields.password || undefined,
      from: fields.from,
      to: list(fields.to),
    },
    sms: { kind, url: fields.url, token: fields.token || undefined, from: fields.from || 'Quarry', to: list(fields.to) },
  }[kind];
  return AlertChannel.safeParse({ id: fields.id, name: fields.name, config });
}

const fieldsByKind: Record<Exclude<ChannelKind, 'in-app'>, readonly [string, string][]> = {
  webhook: [
    ['url', 'URL'],
    ['secret', 'Signing secret (8+ characters)'],
  ],
  slack: [['url', 'Incoming webhook URL']],
  email: [
    ['host', 'SMTP host'],
    ['port', 'Port'],
    ['secure', 'TLS from the start (yes/no)'],
    ['user', 'User'],
    ['password', 'Password'],
    ['from', 'From'],
    ['to', 'To (comma-separated)'],
  ],
  sms: [
    ['url', 'Gateway URL'],
    ['token', 'Bearer token'],
    ['from', 'Sender'],
    ['to', 'Phone numbers (comma-separated)'],
  ],
};

function ChannelForm(props: { readonly onDone: () => void }) {
  const saveChannel = useAlerts((s) => s.saveChannel);
  const [kind, setKind] = useState<Exclude<ChannelKind, 'in-app'>>('webhook');
  const [fields, setFields] = useState<Fields>({});
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    const parsed = channelFromFields(kind, fields);
    if (!parsed.success) return setProblem(parsed.error.issues.map((issue) => `${issue.path.join(' › ')}: ${issue.message}`).join('; '));
    const failure = await saveChannel(parsed.data);
    if (failure) setProblem(failure);
    else props.onDone();
  };
  return (
    <form
      className="panel"
      aria-label="New channel"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="form-grid">
        <label>
          Kind
          <select value={kind} onChange={(event) => setKind(event.target.value as typeof kind)}>
            {Object.entries(kindLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {([['id', 'Id (lower-case, dashes)'], ['name', 'Name'], ...fieldsByKind[kind]] as const).map(([key, label]) => (
          <label key={key}>
            {label}
            <input
              type={key === 'password' || key === 'secret' || key === 'token' ? 'password' : 'text'}
              value={fields[key] ?? ''}
              onChange={(event) => setFields({ ...fields, [key]: event.target.value })}
            />
          </label>
        ))}
      </div>
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="primary">
          Save channel
        </button>
        <button type="button" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Notification channels and every delivery attempt, failed ones first with a retry button. */
export function ChannelsPanel() {
  const channels = useAlerts((s) => s.channels);
  const deliveries = useAlerts((s) => s.deliveries);
  const removeChannel = useAlerts((s) => s.removeChannel);
  const retryDelivery = useAlerts((s) => s.retryDelivery);
  const load = useAlerts((s) => s.load);
  const [adding, setAdding] = useState(false);
  // Deliveries finish in the background after the alert event: fresh on opening, then refreshed
  // while any is still pending.
  useEffect(() => void load(), [load]);
  const pending = deliveries.some((delivery) => delivery.status === 'pending');
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void load(), 1000);
    return () => clearInterval(timer);
  }, [pending, load]);
  const ordered = [...deliveries].sort((a, b) => Number(b.status === 'failed') - Number(a.status === 'failed') || b.id - a.id);
  return (
    <>
      <section className="panel" aria-labelledby="channels-heading">
        <h2 id="channels-heading">Channels</h2>
        <table className="data-table">
          <tbody>
            {channels.map((channel) => (
              <tr key={channel.id}>
                <td>{channel.name}</td>
                <td className="muted">{channel.config.kind}</td>
                <td className="muted">
                  {'url' in channel.config ? channel.config.url : 'to' in channel.config ? channel.config.to.join(', ') : ''}
                </td>
                <td>
                  {channel.id !== 'in-app' ? (
                    <button type="button" className="danger" onClick={() => void removeChannel(channel.id)}>
                      Remove
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {adding ? <ChannelForm onDone={() => setAdding(false)} /> : <button onClick={() => setAdding(true)}>Add channel</button>}
      </section>
      <section className="panel" aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Deliveries</h2>
        {ordered.length === 0 ? <p className="muted">Nothing sent yet.</p> : null}
        <table className="data-table">
          <tbody>
            {ordered.map((delivery) => (
              <tr key={delivery.id} className={delivery.status}>
                <td>#{delivery.eventId}</td>
                <td>{delivery.channelId}</td>
                <td>
                  <strong>{delivery.status}</strong> after {delivery.attempts} attempt{delivery.attempts === 1 ? '' : 's'}
                </td>
                <td className="muted">
                  {delivery.lastError ?? (delivery.deliveredAt ? new Date(delivery.deliveredAt).toLocaleString() : '')}
                </td>
                <td>
                  {delivery.status === 'failed' ? (
                    <button type="button" onClick={() => void retryDelivery(delivery.id)}>
                      Retry
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
