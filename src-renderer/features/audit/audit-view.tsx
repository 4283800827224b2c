import { useEffect } from 'react';
import { useAudit } from '../../app/stores';
import { ErrorBanner } from '../../ui/error-banner';
import '../dashboard/dashboard.css';

function download(filename: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The Audit screen: who changed settings, deleted, exported or sent text to a remote model, and when. */
export function AuditView() {
  const entries = useAudit((s) => s.entries);
  const filter = useAudit((s) => s.filter);
  const page = useAudit((s) => s.page);
  const pageSize = useAudit((s) => s.pageSize);
  const error = useAudit((s) => s.error);
  const load = useAudit((s) => s.load);
  const setFilter = useAudit((s) => s.setFilter);
  const setPage = useAudit((s) => s.setPage);
  const exportAs = useAudit((s) => s.exportAs);
  useEffect(() => {
    void load();
  }, [load]);

  const exportFile = async (format: 'csv' | 'json') => {
    const file = await exportAs(format);
    if (file) download(file.filename, file.mimeType, file.content);
  };

  return (
    <div className="audit-view">
      <header className="view-head">
        <h1>Audit log</h1>
        <div className="button-row">
          <button type="button" onClick={() => void exportFile('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportFile('json')}>
            Export JSON
          </button>
        </div>
      </header>
      <ErrorBanner message={error} />
      <form className="form-grid" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <label>
          Action starts with
          <input
            value={filter.action}
            onChange={(event) => void setFilter({ action: event.target.value })}
            placeholder="settings., provider.call…"
          />
        </label>
        <label>
          Actor
          <input value={filter.actor} onChange={(event) => void setFilter({ actor: event.target.value })} />
        </label>
        <label>
          Text
          <input value={filter.text} onChange={(event) => void setFilter({ text: event.target.value })} />
        </label>
        <label>
          From
          <input type="date" value={filter.from} onChange={(event) => void setFilter({ from: event.target.value })} />
        </label>
        <label>
          To
          <input type="date" value={filter.to} onChange={(event) => void setFilter({ to: event.target.value })} />
        </label>
      </form>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row">
              <td className="small">{new Date(entry.at).toLocaleString()}</td>
              <td>{entry.actor}</td>
              <td>{entry.action}</td>
              <td>{entry.target}</td>
              <td className="small">
                <code>{JSON.stringify(entry.details)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 ? <p className="muted">No entries match.</p> : null}
      <div className="button-row">
        <button type="button" disabled={page === 0} onClick={() => void setPage(page - 1)}>
          Newer
        </button>
        <span className="muted">Page {page + 1}</span>
        <button type="button" disabled={entries.length < pageSize} onClick={() => void setPage(page + 1)}>
          Older
        </button>
      </div>
    </div>
  );
}
