import { useState } from 'react';
import { useSettings } from '../../app/stores';
import { formatBytes } from '../../ui/format';

const percent = (share: number) => `${Math.round(share * 100)}%`;
const milliseconds = (value: number | null) => (value === null ? '—' : `${value < 10 ? value.toFixed(2) : Math.round(value)} ms`);

/** The answer and embedding caches: how well they serve, clearing them, and library maintenance. */
export function CacheSection() {
  const cache = useSettings((s) => s.cache);
  const maintenance = useSettings((s) => s.maintenance);
  const busy = useSettings((s) => s.busy);
  const clearCache = useSettings((s) => s.clearCache);
  const runMaintenance = useSettings((s) => s.runMaintenance);
  const [backup, setBackup] = useState(true);
  const [cleared, setCleared] = useState<number | null>(null);
  if (!cache) return null;
  return (
    <section className="panel" aria-labelledby="cache-heading">
      <h2 id="cache-heading">Cache and maintenance</h2>
      <p className="muted">Answers to repeated questions come from the cache until a document they cite changes.</p>
      <dl className="facts">
        <dt>Answers served from cache</dt>
        <dd>
          {cache.hits} of {cache.hits + cache.misses} ({percent(cache.hitRate)})
        </dd>
        <dt>Cached answers</dt>
        <dd>
          {cache.entries.sqlite} stored · {formatBytes(cache.bytes.sqlite)}
        </dd>
        <dt>Time to serve a cached answer</dt>
        <dd>{milliseconds(cache.hitLatencyMs.p50)} (median)</dd>
        <dt>Embedding cache</dt>
        <dd>
          {cache.embeddings.entries} passages · {cache.embeddings.hits} reused
        </dd>
        <dt>Team Redis</dt>
        <dd>{cache.redis.configured ? `${cache.redis.status} · ${cache.redis.skipped} skipped` : 'Not set up (QUARRY_REDIS_URL)'}</dd>
      </dl>
      <div className="button-row">
        <button type="button" disabled={busy !== null} onClick={() => void clearCache().then((removed) => setCleared(removed))}>
          Clear answer cache
        </button>
        {cleared !== null ? <span className="muted" role="status">{`Removed ${cleared} cached answers.`}</span> : null}
      </div>
      <div className="button-row">
        <label className="radio">
          <input type="checkbox" checked={backup} onChange={(event) => setBackup(event.target.checked)} />
          Make a backup copy of the library
        </label>
        <button type="button" disabled={busy !== null} onClick={() => void runMaintenance({ backup })}>
          {busy === 'maintenance' ? 'Running maintenance…' : 'Run maintenance'}
        </button>
      </div>
      {maintenance ? (
        <p className="muted" role="status">
          Maintenance took {Math.round(maintenance.totalMs)} ms: {maintenance.expiredAnswers} expired answers removed
          {maintenance.backup ? `, backup written to ${maintenance.backup.path} (${formatBytes(maintenance.backup.bytes)})` : ''}.
        </p>
      ) : null}
    </section>
  );
}
