import { DocumentFilter } from '../../../../src-shared/schemas/library';
import { PassageRequest } from '../../../../src-shared/schemas/library';
import { SearchRequest } from '../../../../src-shared/schemas/search';
import { IngestRequest } from '../../../../src-shared/schemas/library';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import type { JobProgress } from '../../../../src-shared/schemas/library';
import { tempDir } from '../../../helpers/temp';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

function open(dataDir: string): Engine {
  const engine = createEngine({ dataDir });
  engines.push(engine);
  return engine;
}

async function ingest(engine: Engine, paths: string[], collection = 'default'): Promise<JobProgress> {
  const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths, collection }));
  return engine.library.waitForJob(jobId);
}

function writeLibrary(folder: string): void {
  mkdirSync(join(folder, 'notes'), { recursive: true });
  writeFileSync(
    join(folder, 'wing.md'),
    '# Wings\n\nThe swept wing delays compressibility drag at transonic speeds.\n\n## Flutter\n\nFlutter is an aeroelastic instability of thin panels.\n',
  );
  writeFileSync(
    join(folder, 'notes', 'heat.txt'),
    'Heat transfer to a blunt body rises sharply in hypersonic flow.\n\nAblation shields protect re-entry vehicles.',
  );
  writeFileSync(join(folder, 'notes', 'budget.csv'), 'item,cost\nwind tunnel,120000\nsensors,8000\n');
}

describe('ingestion job', () => {
  it('reads a folder recursively, reports progress, and indexes every document with provenance', async () => {
    const data = tempDir();
    const docs = tempDir();
    writeLibrary(docs);
    const engine = open(data);
    const seen: JobProgress[] = [];
    engine.events.on('ingest.progress', (p) => seen.push(p));
    const final = await ingest(engine, [docs]);

    expect(final.status).toBe('done');
    expect(final).toMatchObject({ filesTotal: 3, filesDone: 3, documents: 3, skipped: 0, failed: [] });
    expect(final.chunks).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)!.filesTotal).toBe(3);
    expect(
      engine.library
        .documents(DocumentFilter.parse({}))
        .map((d) => d.fileType)
        .sort(),
    ).toEqual(['csv', 'md', 'txt']);

    const result = await engine.search.query(SearchRequest.parse({ query: 'flutter aeroelastic', mode: 'keyword', limit: 3 }));
    const top = result.hits[0]!;
    expect(top.path).toBe(join(docs, 'wing.md'));
    expect(top.headingPath).toContain('Flutter');
    const passage = engine.library.passage(PassageRequest.parse({ chunkId: top.chunkId }));
    expect(passage.text).toContain('Flutter is an aeroelastic instability');
    expect(engine.library.stats().integrity).toBe('ok');
  });

  it('skips unchanged files, replaces changed ones atomically and forgets files removed from the folder', async () => {
    const data = tempDir();
    const docs = tempDir();
    writeLibrary(docs);
    const engine = open(data);
    await ingest(engine, [docs]);
    const before = engine.library.stats();

    const again = await ingest(engine, [docs]);
    expect(again).toMatchObject({ documents: 0, skipped: 3 });
    expect(engine.library.stats().chunks).toBe(before.chunks);

    const firstChunk = (await engine.search.query(SearchRequest.parse({ query: 'ablation shields', mode: 'keyword' }))).hits[0]!.chunkId;
    const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: [join(docs, 'notes', 'heat.txt')], force: true }));
    // Read again and found identical: nothing is written, so every citation to it stays valid.
    expect(await engine.library.waitForJob(jobId)).toMatchObject({ documents: 0, skipped: 1 });
    expect(engine.library.stats()).toMatchObject({ documents: 3, chunks: before.chunks });
    expect((await engine.search.query(SearchRequest.parse({ query: 'ablation shields', mode: 'keyword' }))).hits[0]!.chunkId).toBe(
      firstChunk,
    );

    writeFileSync(join(docs, 'wing.md'), '# Wings\n\nCanards trim the aircraft without a tailplane.\n');
    rmSync(join(docs, 'notes', 'budget.csv'));
    const changed = await ingest(engine, [docs]);
    expect(changed).toMatchObject({ documents: 1, skipped: 1 });

    expect(
      engine.library
        .documents(DocumentFilter.parse({}))
        .map((d) => d.path)
        .sort(),
    ).toEqual([join(docs, 'notes', 'heat.txt'), join(docs, 'wing.md')]);
    expect((await engine.search.query(SearchRequest.parse({ query: 'flutter', mode: 'keyword' }))).hits).toHaveLength(0);
    expect((await engine.search.query(SearchRequest.parse({ query: 'tunnel sensors', mode: 'keyword' }))).hits).toHaveLength(0);
    expect((await engine.search.query(SearchRequest.parse({ query: 'canards tailplane', mode: 'keyword' }))).hits[0]?.path).toBe(
      join(docs, 'wing.md'),
    );
    expect(engine.library.stats().integrity).toBe('ok');
  });

  it('gives each bad file its own error while the rest of the batch lands', async () => {
    const data = tempDir();
    const docs = tempDir();
    writeFileSync(join(docs, 'good.md'), '# Good\n\nThis file is fine and about laminar boundary layers.\n');
    writeFileSync(join(docs, 'empty.txt'), '   \n');
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 256;
    writeFileSync(join(docs, 'noise.txt'), noise);
    writeFileSync(join(docs, 'broken.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated');
    writeFileSync(join(docs, 'archive.xyz'), 'not a document type');
    const engine = open(data);
    const final = await ingest(engine, [docs, join(docs, 'archive.xyz'), join(docs, 'missing.md')]);

    expect(final.documents).toBe(1);
    const codes = Object.fromEntries(final.failed.map((f) => [f.path.split('/').pop(), f.code]));
    expect(codes).toEqual({
      'empty.txt': 'empty',
      'noise.txt': 'binary',
      'broken.pdf': 'corrupt',
      'archive.xyz': 'unsupported-file',
      'missing.md': 'not-found',
    });
    for (const failure of final.failed) expect(failure.error).toContain(failure.path.split('/').pop());
    expect(engine.library.documents(DocumentFilter.parse({})).map((d) => d.path)).toEqual([join(docs, 'good.md')]);
  });

  it('can be cancelled, keeping the documents already written whole', async () => {
    const data = tempDir();
    const docs = tempDir();
    for (let i = 0; i < 300; i++)
      writeFileSync(
        join(docs, `note-${String(i).padStart(3, '0')}.md`),
        `# Note ${i}\n\n${'Shock waves form ahead of blunt bodies. '.repeat(200)}\n`,
      );
    const engine = open(data);
    const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: [docs] }));
    await new Promise<void>((resolve) => {
      const stop = engine.events.on('ingest.progress', (p) => {
        if (p.jobId === jobId && p.filesDone >= 5) {
          stop();
          resolve();
        }
      });
    });
    expect(engine.library.cancelJob(jobId)).toBe(true);
    const final = await engine.library.waitForJob(jobId);
    expect(final.status).toBe('cancelled');
    expect(final.documents).toBeLessThan(300);
    const documents = engine.library.documents(DocumentFilter.parse({}));
    expect(documents.length).toBe(final.documents);
    for (const doc of documents) expect(doc.chunks).toBeGreaterThan(0);
    expect(engine.library.stats().integrity).toBe('ok');
  });

  it('removes a document with its chunks and keyword rows', async () => {
    const data = tempDir();
    const docs = tempDir();
    writeLibrary(docs);
    const engine = open(data);
    await ingest(engine, [docs]);
    const removed = engine.library.remove(join(docs, 'wing.md'));
    expect(removed.removed).toBe(1);
    expect((await engine.search.query(SearchRequest.parse({ query: 'swept wing flutter', mode: 'keyword' }))).hits).toHaveLength(0);
    expect(() => engine.library.remove('does-not-exist')).toThrow(/No document matches/);
    expect(engine.library.stats().documents).toBe(2);
  });
});
