import type { JobProgress } from '../../../src-shared/schemas/library';
import type { JobFile } from '../../../src-shared/schemas/job-files';
import { useLibrary } from '../../app/stores';
import { ProgressBar } from '../../ui/progress-bar';
import { describeFailure } from '../../ui/describe-error';
import { fileName, formatBytes, formatEta } from '../../ui/format';

const statusWords: Record<JobProgress['status'], string> = {
  queued: 'Waiting to start',
  running: 'Reading files',
  done: 'Finished',
  cancelled: 'Cancelled',
  failed: 'Stopped by an error',
};

function summary(job: JobProgress): string {
  const parts = [`${job.filesDone} of ${job.filesTotal} files`, `${job.documents} added`];
  if (job.skipped > 0) parts.push(`${job.skipped} unchanged`);
  if (job.failed.length > 0) parts.push(`${job.failed.length} failed`);
  if (job.bytesTotal > 0) parts.push(`${formatBytes(job.bytesDone)} of ${formatBytes(job.bytesTotal)}`);
  return parts.join(' · ');
}

const fileStatusWords: Record<JobFile['status'], string> = {
  pending: 'Waiting',
  done: 'Added',
  skipped: 'Unchanged',
  failed: 'Failed',
};

/** Every file of a job with where it stands, opened on request (a job can hold thousands). */
function JobFiles({ job }: { readonly job: JobProgress }) {
  const files = useLibrary((s) => s.jobFiles[job.jobId]);
  const toggleJobFiles = useLibrary((s) => s.toggleJobFiles);
  const open = files !== undefined;
  return (
    <>
      <button type="button" className="link-button" aria-expanded={open} onClick={() => void toggleJobFiles(job.jobId)}>
        {open ? 'Hide files' : `Show ${job.filesTotal} files`}
      </button>
      {open ? (
        <ul className="job-files" aria-label={`Files of the ingestion into ${job.collection}`}>
          {files.map((file) => (
            <li key={file.path}>
              <span className={`status-dot ${file.status}`} aria-hidden="true" />
              <span className="file-name" title={file.path}>
                {fileName(file.path)}
              </span>
              <span className="muted">
                {file.status === 'pending' && job.currentFile === file.path ? 'Reading' : fileStatusWords[file.status]}
                {file.status === 'done' ? ` · ${file.chunks} ${file.chunks === 1 ? 'passage' : 'passages'}` : ''}
              </span>
              {file.status === 'failed' ? (
                <span className="failure-reason">{describeFailure(file.code ?? 'internal', file.error)}</span>
              ) : null}
              {file.status === 'done' && file.warning !== null ? <span className="warning-reason">{file.warning}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function JobCard({ job }: { readonly job: JobProgress }) {
  const cancelJob = useLibrary((s) => s.cancelJob);
  const retryFailed = useLibrary((s) => s.retryFailed);
  const dismissJob = useLibrary((s) => s.dismissJob);
  const active = job.status === 'queued' || job.status === 'running';
  const eta = active ? formatEta(job.etaSeconds) : null;
  const done = job.bytesTotal > 0 ? job.bytesDone : job.filesDone;
  const total = job.bytesTotal > 0 ? job.bytesTotal : job.filesTotal;
  return (
    <li className="job" aria-label={`Ingestion into ${job.collection}`}>
      <div className="job-head">
        <strong>{statusWords[job.status]}</strong>
        <span className="muted">into “{job.collection}”</span>
        {eta ? <span className="muted job-eta">{eta}</span> : null}
      </div>
      <ProgressBar
        label={`Ingestion progress for ${job.collection}`}
        value={job.status === 'queued' ? null : done}
        max={Math.max(total, 1)}
        text={summary(job)}
      />
      <div className="job-summary muted">{summary(job)}</div>
      {active && job.currentFile ? <div className="job-current muted">Now reading {fileName(job.currentFile)}</div> : null}
      {job.failed.length > 0 ? (
        <ul className="job-failures" aria-label="Files that could not be added">
          {job.failed.map((failure) => (
            <li key={failure.path}>
              <span className="status-dot failed" aria-hidden="true" />
              <span className="file-name">{fileName(failure.path)}</span>
              <span className="failure-reason">{describeFailure(failure.code, failure.error)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="job-actions">
        <JobFiles job={job} />
        {active ? (
          <button type="button" onClick={() => void cancelJob(job.jobId)}>
            Cancel ingestion
          </button>
        ) : null}
        {!active && job.failed.length > 0 ? (
          <button type="button" onClick={() => void retryFailed(job.jobId)}>
            Retry failed files
          </button>
        ) : null}
        {!active ? (
          <button type="button" className="link-button" onClick={() => dismissJob(job.jobId)}>
            Dismiss
          </button>
        ) : null}
      </div>
    </li>
  );
}

/** The ingestion jobs of this session: progress, ETA, what failed and why, with cancel and retry. */
export function IngestionPanel() {
  const jobs = useLibrary((s) => s.jobs);
  if (jobs.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="ingestion-heading">
      <h2 id="ingestion-heading">Ingestion</h2>
      <ul className="jobs">
        {jobs.map((job) => (
          <JobCard key={job.jobId} job={job} />
        ))}
      </ul>
    </section>
  );
}
