import { useEffect, useState } from 'react';
import { RetentionSettings } from '../../../src-shared/schemas/monitor';
import { useStores } from '../../app/stores';
import { ClientError } from '../../api';

const fields = [
  ['raw', 'Every sample'],
  ['minute', 'Per-minute averages'],
  ['hour', 'Per-hour averages'],
] as const;

/** How long the library keeps metric samples at each resolution. */
export function RetentionPanel(props: { readonly onClose: () => void }) {
  const { client } = useStores();
  const [values, setValues] = useState<RetentionSettings | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void client
      .call('monitor.retention', {})
      .then(setValues, (error: unknown) => setMessage(error instanceof ClientError ? error.message : 'Quarry could not be reached.'));
  }, [client]);
  if (!values) return message ? <p className="form-error">{message}</p> : null;

  const save = async () => {
    const parsed = RetentionSettings.safeParse(values);
    if (!parsed.success) return setMessage(parsed.error.issues.map((issue) => `${issue.path.join('')}: ${issue.message}`).join('; '));
    try {
      setValues(await client.call('monitor.setRetention', parsed.data));
      setMessage('Saved; older samples go at the next roll-up.');
    } catch (error) {
      setMessage(error instanceof ClientError ? error.message : 'Quarry could not be reached.');
    }
  };
  return (
    <form
      className="panel"
      aria-label="Data retention"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>Data retention</h2>
      <div className="form-grid">
        {fields.map(([key, label]) => (
          <label key={key}>
            {label} kept for
            <input value={values[key]} onChange={(event) => setValues({ ...values, [key]: event.target.value })} />
          </label>
        ))}
      </div>
      {message ? <p role="status">{message}</p> : null}
      <div className="button-row">
        <button type="submit" className="primary">
          Save retention
        </button>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
