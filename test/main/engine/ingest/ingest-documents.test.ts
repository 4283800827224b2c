import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import { openDatabase } from '../../../../src-main/engine/store/database';
import { DocumentFilter, IngestRequest, type JobProgress } from '../../../../src-shared/schemas/library';
import { SearchRequest } from '../../../../src-shared/schemas/search';
import { buildPdfWithBrokenPage } from '../../../fixtures/ingest/build-damaged-documents';
import { tempDir } from '../../../helpers/temp';

/** Ingestion of real-world files through the engine: warnings, symbolic links, CJK search, migration. */
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

function open(dataDir: string): Engine {
  const engine = createEngine({ dataDir });
  engines.push(engine);
  return engine;
}

async function ingest(engine: Engine, paths: string[]): Promise<JobProgress> {
  const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths, collection: 'default' }));
  return engine.library.waitForJob(jobId);
}

describe('ingesting real-world documents', () => {
  it('indexes a PDF with a broken page and shows the warning in the job and its file row', async () => {
    const docs = tempDir();
    writeFileSync(join(docs, 'tariffs.pdf'), buildPdfWithBrokenPage());
    const engine = open(tempDir());
    const final = await ingest(engine, [docs]);
    expect(final).toMatchObject({ documents: 1, failed: [] });
    expect(final.warned).toEqual([{ path: join(docs, 'tariffs.pdf'), warning: expect.stringMatching(/^Page 2 of 3 could not be read/) }]);
    const [row] = engine.library.jobFiles(final.jobId);
    expect(row).toMatchObject({ status: 'done', warning: expect.stringContaining('Page 2 of 3') });
    expect((await engine.search.query(SearchRequest.parse({ query: 'dredging autumn', mode: 'keyword' }))).hits[0]?.page).toBe(3);
  });

  it('follows symbolic links to files and folders, and reports a loop and a broken link', async () => {
    const docs = tempDir();
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, 'linked.txt'), 'Pilotage fees are charged per metre of draught.');
    mkdirSync(join(elsewhere, 'annex'));
    writeFileSync(join(elsewhere, 'annex', 'deep.md'), '# Annex\n\nBerth allocation follows arrival order.');
    writeFileSync(join(docs, 'plain.txt'), 'Quay walls were inspected in March.');
    symlinkSync(join(elsewhere, 'linked.txt'), join(docs, 'link.txt'));
    symlinkSync(join(elsewhere, 'annex'), join(docs, 'annex'));
    symlinkSync(docs, join(docs, 'loop'));
    symlinkSync(join(elsewhere, 'missing.txt'), join(docs, 'dangling.txt'));
    const engine = open(tempDir());
    const final = await ingest(engine, [docs]);
    expect(final.documents).toBe(3);
    expect(
      engine.library
        .documents(DocumentFilter.parse({}))
        .map((doc) => doc.path)
        .sort(),
    ).toEqual([join(docs, 'annex', 'deep.md'), join(docs, 'link.txt'), join(docs, 'plain.txt')].sort());
    const failures = Object.fromEntries(final.failed.map((failure) => [failure.path, failure]));
    expect(failures[join(docs, 'loop')]).toMatchObject({ code: 'unsupported-file', error: expect.stringMatching(/loop/) });
    expect(failures[join(docs, 'dangling.txt')]).toMatchObject({
      code: 'not-found',
      error: expect.stringMatching(/symbolic link to .*missing\.txt/),
    });
    expect((await engine.search.query(SearchRequest.parse({ query: 'pilotage draught', mode: 'keyword' }))).hits[0]?.path).toBe(
      join(docs, 'link.txt'),
    );
  });

  it('finds Chinese and Japanese words inside sentences in keyword and dense search', async () => {
    const docs = tempDir();
    writeFileSync(join(docs, 'zh.html'), '<html><head><meta charset="utf-8"></head><body><p>我们研究人工智能的应用。</p></body></html>');
    writeFileSync(join(docs, 'ja.txt'), '東京都に住んでいます。港の統計データを調べました。');
    writeFileSync(join(docs, 'en.txt'), 'Harbour statistics for the eastern quay.');
    const engine = open(tempDir());
    await ingest(engine, [docs]);
    for (const mode of ['keyword', 'dense', 'hybrid'] as const) {
      const hits = (await engine.search.query(SearchRequest.parse({ query: '人工智能', mode, limit: 1 }))).hits;
      expect(hits[0]?.path, mode).toBe(join(docs, 'zh.html'));
    }
    expect((await engine.search.query(SearchRequest.parse({ query: '統計', mode: 'keyword', limit: 1 }))).hits[0]?.path).toBe(
      join(docs, 'ja.txt'),
    );
    // A voiced kana (デ = テ + voicing mark) must survive the query's accent folding.
    expect((await engine.search.query(SearchRequest.parse({ query: 'データ', mode: 'keyword', limit: 1 }))).hits[0]?.path).toBe(
      join(docs, 'ja.txt'),
    );
  });

  it('re-indexes the keyword rows of existing CJK chunks when an older library is opened', async () => {
    const data = tempDir();
    const docs = tempDir();
    writeFileSync(join(docs, 'zh.txt'), '我们研究人工智能的应用。');
    writeFileSync(join(docs, 'en.txt'), 'Harbour statistics for the eastern quay.');
    const engine = open(data);
    await ingest(engine, [docs]);
    await engine.close();
    engines.length = 0;
    // Put the library back as it was before migration 11: CJK rows indexed as one unsegmented run.
    const raw = new Database(join(data, 'library.sqlite'));
    const rows = raw.prepare('SELECT id, heading_path, text FROM chunks').all() as { id: number; text: string }[];
    for (const row of rows) {
      raw.prepare('DELETE FROM chunks_fts WHERE rowid = ?').run(row.id);
      raw.prepare('INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)').run(row.id, row.text);
    }
    raw.prepare('DELETE FROM schema_migrations WHERE version = 11').run();
    const before = raw.prepare(`SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH '"智能"'`).pluck().get();
    raw.close();
    expect(before).toBe(0);

    const migrated = openDatabase(join(data, 'library.sqlite'));
    const match = (term: string): number =>
      Number(migrated.prepare('SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?').pluck().get(`"${term}"`));
    expect([match('智能'), match('人工'), match('harbour')]).toEqual([1, 1, 1]);
    migrated.close();
  });
});
