import { IngestRequest } from '../../../../src-shared/schemas/library';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore, type SettingsStore } from '../../../../src-renderer/features/settings/settings-store';
import { createEngineClient, type EngineClient } from '../../../helpers/engine-client';

let setup: EngineClient;
let store: SettingsStore;

beforeEach(async () => {
  setup = createEngineClient();
  mkdirSync(setup.filesDir, { recursive: true });
  writeFileSync(join(setup.filesDir, 'memo.txt'), 'The merger closes in March subject to regulatory approval.\n');
  const { jobId } = await setup.engine.library.ingest(IngestRequest.parse({ paths: [setup.filesDir], collection: 'contracts' }));
  await setup.engine.library.waitForJob(jobId);
  store = createSettingsStore(setup.client);
});

afterEach(async () => {
  await setup.close();
});

describe('settings store', () => {
  it('loads the library facts and collections from the engine', async () => {
    await store.getState().load();
    expect(store.getState().stats).toMatchObject({ documents: 1, integrity: 'ok' });
    expect(store.getState().location).toMatchObject({
      dataDir: setup.engine.library.location.dataDir,
      libraryFile: setup.engine.library.location.libraryFile,
    });
    expect(store.getState().collections).toEqual([expect.objectContaining({ name: 'contracts', private: false })]);
  });

  it('marks a collection private in the engine, so a fresh store (a reload) sees it', async () => {
    await store.getState().load();
    await store.getState().setCollectionPrivate('contracts', true);
    expect(store.getState().collections[0]?.private).toBe(true);
    expect(store.getState().saving).toEqual([]);

    const reloaded = createSettingsStore(setup.client);
    await reloaded.getState().load();
    expect(reloaded.getState().collections[0]?.private).toBe(true);
  });

  it('shows the engine’s words when a change is refused', async () => {
    await store.getState().load();
    await store.getState().setCollectionPrivate('a/b', true);
    expect(store.getState().error).toMatch(/slashes/);
    expect(store.getState().collections[0]?.private).toBe(false);
  });

  it('reports the cache, clears it, and runs maintenance with a backup', async () => {
    await store.getState().load();
    expect(store.getState().cache).toMatchObject({ hits: 0, entries: expect.any(Object) });
    expect(await store.getState().clearCache()).toEqual(expect.any(Number));
    await store.getState().runMaintenance({ backup: true });
    const report = store.getState().maintenance!;
    expect(report.backup?.path).toContain(setup.engine.library.location.dataDir);
    expect(report.backup?.bytes).toBeGreaterThan(0);
    expect(store.getState().busy).toBeNull();
  });
});
