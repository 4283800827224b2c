import { createStore } from 'zustand/vanilla';
import type { CollectionSummary, DocumentSummary, FileType, JobProgress } from '../../../src-shared/schemas/library';
import type { JobFile } from '../../../src-shared/schemas/job-files';
import type { QuarryClient } from '../../api';
import { ClientError } from '../../api';

export interface DocumentFilterState {
  readonly text: string;
  readonly collection: string | null;
  readonly fileType: FileType | null;
}

export interface LibraryState {
  readonly documents: readonly DocumentSummary[];
  readonly documentsLoaded: boolean;
  readonly collections: readonly CollectionSummary[];
  /** The collection new files go to. */
  readonly targetCollection: string;
  readonly filter: DocumentFilterState;
  /** Ingestion jobs of this session and any still running, newest first. */
  readonly jobs: readonly JobProgress[];
  /** The last thing that went wrong, in words; null when all is well. */
  readonly error: string | null;
  /** Document ids with a remove or re-index under way. */
  readonly busyDocuments: readonly number[];
  /** Per-file status of the jobs whose file list is open, by job id. */
  readonly jobFiles: Readonly<Record<string, readonly JobFile[]>>;
}

export interface LibraryActions {
  /** Loads documents, collections and unfinished jobs, and starts following ingestion events. */
  start(): Promise<void>;
  stop(): void;
  refresh(): Promise<void>;
  setFilter(change: Partial<DocumentFilterState>): Promise<void>;
  setTargetCollection(name: string): void;
  addFiles(files: readonly File[]): Promise<string | null>;
  cancelJob(jobId: string): Promise<void>;
  retryFailed(jobId: string): Promise<string | null>;
  dismissJob(jobId: string): void;
  /** Opens (loading it) or closes the per-file list of a job. */
  toggleJobFiles(jobId: string): Promise<void>;
  removeDocument(document: DocumentSummary): Promise<void>;
  reindexDocument(document: DocumentSummary): Promise<void>;
  clearError(): void;
}

export type LibraryStore = ReturnType<typeof createLibraryStore>;

const finished = (job: JobProgress) => job.status === 'done' || job.status === 'cancelled' || job.status === 'failed';

function upsertJob(jobs: readonly JobProgress[], progress: JobProgress): JobProgress[] {
  const index = jobs.findIndex((job) => job.jobId === progress.jobId);
  if (index < 0) return [progress, ...jobs];
  const next = [...jobs];
  next[index] = progress;
  return next;
}

function messageOf(error: unknown): string {
  return error instanceof ClientError ? error.message : 'Quarry could not be reached.';
}

/** The library feature's state: documents, collections and the ingestion jobs feeding them. */
export function createLibraryStore(client: QuarryClient) {
  let unsubscribers: (() => void)[] = [];

  return createStore<LibraryState & LibraryActions>()((set, get) => {
    const loadDocuments = async () => {
      const { filter } = get();
      const documents = await client.call('library.documents', {
        ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
        ...(filter.collection ? { collection: filter.collection } : {}),
        ...(filter.fileType ? { fileType: filter.fileType } : {}),
      });
      set({ documents, documentsLoaded: true });
    };
    const loadCollections = async () => set({ collections: await client.call('library.collections', {}) });
    const guard = async <T>(work: () => Promise<T>): Promise<T | null> => {
      try {
        return await work();
      } catch (error) {
        set({ error: messageOf(error) });
        return null;
      }
    };
    const loadJobFiles = async (jobId: string) => {
      const files = await client.call('library.jobFiles', { jobId });
      if (jobId in get().jobFiles) set({ jobFiles: { ...get().jobFiles, [jobId]: files } });
    };
    const onProgress = (progress: JobProgress) => {
      const previous = get().jobs.find((job) => job.jobId === progress.jobId);
      const known = previous !== undefined;
      set({ jobs: upsertJob(get().jobs, progress) });
      const moved = previous?.filesDone !== progress.filesDone || previous.status !== progress.status;
      if (progress.jobId in get().jobFiles && moved) void guard(() => loadJobFiles(progress.jobId));
      if (finished(progress) || !known) void guard(() => Promise.all([loadDocuments(), loadCollections()]));
    };
    const track = async (jobId: string) => {
      const progress = await client.call('library.job', { jobId });
      // An event may already have brought a newer state; keep the one further along.
      const current = get().jobs.find((job) => job.jobId === jobId);
      if (!current || (!finished(current) && current.filesDone <= progress.filesDone)) onProgress(progress);
      return jobId;
    };

    return {
      documents: [],
      documentsLoaded: false,
      collections: [],
      targetCollection: 'default',
      filter: { text: '', collection: null, fileType: null },
      jobs: [],
      error: null,
      busyDocuments: [],
      jobFiles: {},

      async start() {
        get().stop();
        unsubscribers = [client.on('ingest.progress', onProgress), client.on('ingest.done', onProgress)];
        await guard(async () => {
          const [jobs] = await Promise.all([client.call('library.jobs', { limit: 20 }), loadDocuments(), loadCollections()]);
          set({ jobs: jobs.filter((job) => !finished(job)) });
        });
      },
      stop() {
        unsubscribers.forEach((unsubscribe) => unsubscribe());
        unsubscribers = [];
      },
      async refresh() {
        await guard(() => Promise.all([loadDocuments(), loadCollections()]));
      },
      async setFilter(change) {
        set({ filter: { ...get().filter, ...change } });
        await guard(loadDocuments);
      },
      setTargetCollection(name) {
        set({ targetCollection: name.trim() || 'default' });
      },
      async addFiles(files) {
        if (files.length === 0) return null;
        set({ error: null });
        return guard(async () => track((await client.addFiles(files, get().targetCollection)).jobId));
      },
      async cancelJob(jobId) {
        await guard(async () => {
          await client.call('library.cancelJob', { jobId });
          await track(jobId);
        });
      },
      async retryFailed(jobId) {
        const job = get().jobs.find((candidate) => candidate.jobId === jobId);
        if (!job || job.failed.length === 0) return null;
        const paths = job.failed.map((failure) => failure.path);
        return guard(async () => {
          const started = await client.call('library.ingest', { paths, collection: job.collection });
          set({ jobs: get().jobs.filter((candidate) => candidate.jobId !== jobId) });
          return track(started.jobId);
        });
      },
      dismissJob(jobId) {
        const { [jobId]: _closed, ...rest } = get().jobFiles;
        set({ jobs: get().jobs.filter((job) => job.jobId !== jobId), jobFiles: rest });
      },
      async toggleJobFiles(jobId) {
        const { [jobId]: open, ...rest } = get().jobFiles;
        if (open) return set({ jobFiles: rest });
        set({ jobFiles: { ...get().jobFiles, [jobId]: [] } });
        await guard(() => loadJobFiles(jobId));
      },
      async removeDocument(document) {
        set({ busyDocuments: [...get().busyDocuments, document.id] });
        await guard(async () => {
          await client.call('library.remove', { ref: String(document.id) });
          await Promise.all([loadDocuments(), loadCollections()]);
        });
        set({ busyDocuments: get().busyDocuments.filter((id) => id !== document.id) });
      },
      async reindexDocument(document) {
        // Forced: the engine reads the file again although its content is unchanged, and replaces the
        // document only once the new version is complete.
        set({ busyDocuments: [...get().busyDocuments, document.id] });
        await guard(async () => {
          const started = await client.call('library.ingest', { paths: [document.path], collection: document.collection, force: true });
          await track(started.jobId);
        });
        set({ busyDocuments: get().busyDocuments.filter((id) => id !== document.id) });
      },
      clearError() {
        set({ error: null });
      },
    };
  });
}
