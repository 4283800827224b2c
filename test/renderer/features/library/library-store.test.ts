import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLibraryStore, type LibraryStore } from '../../../../src-renderer/features/library/library-store';
import { createEngineClient, eventually, type EngineClient } from '../../../helpers/engine-client';

let setup: EngineClient;
let store: LibraryStore;

beforeEach(async () => {
  setup = createEngineClient();
  mkdirSync(setup.filesDir, { recursive: true });
  writeFileSync(
    join(setup.filesDir, 'wings.md'),
    '# Wings\n\nA swept wing delays the onset of compressibility drag at high subsonic speeds.\n',
  );
  writeFileSync(
    join(setup.filesDir, 'boundary.txt'),
    'The boundary layer separates from the surface when the pressure gradient is adverse.\n',
  );
  writeFileSync(join(setup.filesDir, 'broken.pdf'), 'this is not a PDF at all');
  store = createLibraryStore(setup.client);
  await store.getState().start();
});

afterEach(async () => {
  store.getState().stop();
  await setup.close();
});

const file = (name: string) => new File([], name);

describe('library store', () => {
  it('starts empty, then lists dropped files once their job finishes, with a failure explained', async () => {
    expect(store.getState()).toMatchObject({ documents: [], documentsLoaded: true, jobs: [] });
    store.getState().setTargetCollection('aero');
    const jobId = await store.getState().addFiles([file('wings.md'), file('boundary.txt'), file('broken.pdf')]);
    expect(jobId).toEqual(expect.any(String));

    await eventually(() => expect(store.getState().jobs[0]?.status).toBe('done'));
    await eventually(() =>
      expect(
        store
          .getState()
          .documents.map((doc) => doc.path)
          .sort(),
      ).toEqual([join(setup.filesDir, 'boundary.txt'), join(setup.filesDir, 'wings.md')]),
    );
    const job = store.getState().jobs[0]!;
    expect(job).toMatchObject({ jobId, collection: 'aero', filesTotal: 3, filesDone: 3, documents: 2 });
    expect(job.failed).toEqual([
      expect.objectContaining({ path: join(setup.filesDir, 'broken.pdf'), code: expect.any(String), error: expect.any(String) }),
    ]);
    expect(store.getState().collections).toEqual([expect.objectContaining({ name: 'aero', documents: 2 })]);
  });

  it('filters documents by text and type through the engine', async () => {
    await store.getState().addFiles([file('wings.md'), file('boundary.txt')]);
    await eventually(() => expect(store.getState().documents).toHaveLength(2));
    await store.getState().setFilter({ fileType: 'md' });
    expect(store.getState().documents.map((doc) => doc.fileType)).toEqual(['md']);
    await store.getState().setFilter({ fileType: null, text: 'boundary' });
    expect(store.getState().documents.map((doc) => doc.fileType)).toEqual(['txt']);
  });

  it('removes a document and re-indexes another', async () => {
    await store.getState().addFiles([file('wings.md'), file('boundary.txt')]);
    await eventually(() => expect(store.getState().documents).toHaveLength(2));
    const [first, second] = store.getState().documents;
    await store.getState().removeDocument(first!);
    expect(store.getState().documents.map((doc) => doc.id)).toEqual([second!.id]);

    writeFileSync(second!.path, 'Changed text about laminar flow over a flat plate.\n');
    await store.getState().reindexDocument(second!);
    await eventually(() => expect(store.getState().documents[0]?.contentHash).not.toBe(second!.contentHash));
    expect(store.getState().busyDocuments).toEqual([]);
  });

  it('retries the failed files of a job once they are fixed', async () => {
    await store.getState().addFiles([file('wings.md'), file('broken.pdf')]);
    await eventually(() => expect(store.getState().jobs[0]?.status).toBe('done'));
    const failedJob = store.getState().jobs[0]!;
    expect(failedJob.failed).toHaveLength(1);

    writeFileSync(join(setup.filesDir, 'broken.pdf'), 'still not a PDF');
    const retryId = await store.getState().retryFailed(failedJob.jobId);
    expect(retryId).not.toBe(failedJob.jobId);
    expect(store.getState().jobs.some((job) => job.jobId === failedJob.jobId)).toBe(false);
    await eventually(() => expect(store.getState().jobs[0]).toMatchObject({ jobId: retryId, status: 'done', filesTotal: 1 }));
  });

  it('says in words when a dropped path does not exist', async () => {
    await store.getState().addFiles([file('missing.md')]);
    await eventually(() => {
      const state = store.getState();
      const job = state.jobs[0];
      expect(state.error ?? job?.failed[0]?.error).toEqual(expect.any(String));
    });
  });

  it('lists each file of a job with its status when asked, and closes the list again', async () => {
    const jobId = (await store.getState().addFiles([file('wings.md'), file('broken.pdf')]))!;
    await eventually(() => expect(store.getState().jobs[0]?.status).toBe('done'));
    await store.getState().toggleJobFiles(jobId);
    const files = store.getState().jobFiles[jobId]!;
    expect(files.map((entry) => [entry.path, entry.status])).toEqual([
      [join(setup.filesDir, 'wings.md'), 'done'],
      [join(setup.filesDir, 'broken.pdf'), 'failed'],
    ]);
    expect(files[0]!.chunks).toBeGreaterThan(0);
    expect(files[1]).toMatchObject({ code: expect.any(String), error: expect.any(String) });
    await store.getState().toggleJobFiles(jobId);
    expect(store.getState().jobFiles).toEqual({});
  });
});
