import { useEffect, useState } from 'react';
import { useProviders } from '../../app/stores';

/** A switch bound to one boolean setting of the engine. */
export function SettingSwitch(props: { readonly settingKey: string; readonly label: string; readonly hint?: string }) {
  const value = useProviders((s) => s.settings[props.settingKey]) === true;
  const saving = useProviders((s) => s.saving.includes(props.settingKey));
  const error = useProviders((s) => s.settingErrors[props.settingKey]);
  const setSetting = useProviders((s) => s.setSetting);
  return (
    <div className="setting">
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          aria-label={props.label}
          checked={value}
          disabled={saving}
          onChange={(event) => void setSetting(props.settingKey, event.target.checked)}
        />
        <span>
          {props.label}
          {props.hint ? <span className="muted"> — {props.hint}</span> : null}
        </span>
      </label>
      {error ? (
        <p className="answer-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A text or number field bound to one setting, saved with its button (or Enter); empty resets the
 * setting to its default.
 */
export function SettingField(props: {
  readonly settingKey: string;
  readonly label: string;
  readonly type?: 'text' | 'number' | 'password' | 'url';
  readonly placeholder?: string;
  readonly hint?: string;
  /** The value to save for what was typed; defaults to the text, or a number for number fields. */
  readonly parse?: (text: string) => unknown;
}) {
  const stored = useProviders((s) => s.settings[props.settingKey]);
  const saving = useProviders((s) => s.saving.includes(props.settingKey));
  const error = useProviders((s) => s.settingErrors[props.settingKey]);
  const setSetting = useProviders((s) => s.setSetting);
  const shown = props.type === 'password' ? '' : stored === null || stored === undefined ? '' : String(stored);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const parse = props.parse ?? ((raw: string) => (props.type === 'number' ? Number(raw) : raw));
  const save = () => void setSetting(props.settingKey, text.trim() === '' ? null : parse(text.trim()));
  return (
    <div className="setting">
      <label className="field">
        <span>{props.label}</span>
        <input
          type={props.type ?? 'text'}
          value={text}
          placeholder={props.type === 'password' && typeof stored === 'string' ? `Saved (${stored})` : props.placeholder}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') save();
          }}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="button" disabled={saving || text === shown} onClick={save} aria-label={`Save ${props.label}`}>
          Save
        </button>
      </label>
      {props.hint ? <p className="muted setting-hint">{props.hint}</p> : null}
      {error ? (
        <p className="answer-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
