import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import { locateQuote } from '../../../../src-main/engine/store/passage-lookup';
import { tempDir } from '../../../helpers/temp';
import { IngestRequest, PassageRequest } from '../../../../src-shared/schemas/library';
import { SearchRequest } from '../../../../src-shared/schemas/search';

const sections = {
  intake: 'Air enters the intake at low speed. The intake slows the flow further before the compressor stage begins.',
  compressor: 'The compressor raises the pressure twelvefold. Its blades are titanium and are inspected every 400 hours.',
  combustor: 'Fuel burns in the annular combustor at constant pressure. The liner is cooled by a film of bypass air.',
  turbine: 'The turbine drives the compressor through a shaft. Its first stage blades are single crystal castings.',
};

function write(file: string, text: Record<string, string>): void {
  writeFileSync(
    file,
    `# Engine notes\n\n${Object.entries(text)
      .map(([heading, body]) => `## ${heading}\n\n${body}`)
      .join('\n\n')}\n`,
  );
}

async function library(): Promise<{ engine: Engine; file: string }> {
  const data = tempDir();
  const engine = createEngine({ dataDir: data, resumeJobs: false, logger: pino({ level: 'silent' }) });
  afterEach(() => engine.close());
  const file = join(data, 'engine.md');
  write(file, sections);
  await ingest(engine, file);
  return { engine, file };
}

async function ingest(engine: Engine, file: string, force = false) {
  return engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [file], force }))).jobId);
}

async function citationFor(engine: Engine, query: string) {
  const hit = (await engine.search.query(SearchRequest.parse({ query, mode: 'keyword' }))).hits[0]!;
  return { chunkId: hit.chunkId, documentId: hit.documentId, path: hit.path, quote: hit.text };
}

describe('citations across re-indexing', () => {
  it('keeps every chunk id when an unchanged file is indexed again, also with force', async () => {
    const { engine, file } = await library();
    const before = await Promise.all(Object.keys(sections).map((heading) => citationFor(engine, heading)));
    expect(await ingest(engine, file, true)).toMatchObject({ documents: 0, skipped: 1, failed: [] });
    const after = await Promise.all(Object.keys(sections).map((heading) => citationFor(engine, heading)));
    expect(after).toEqual(before);
    expect(new Set(after.map((citation) => citation.chunkId)).size).toBe(4);
    expect(engine.library.stats()).toMatchObject({ documents: 1, chunks: 4, integrity: 'ok' });
  });

  it('keeps the ids of the chunks a changed file did not change, and the document keeps its id', async () => {
    const { engine, file } = await library();
    const before = Object.fromEntries(
      await Promise.all(Object.keys(sections).map(async (h) => [h, await citationFor(engine, h)] as const)),
    );
    write(file, { ...sections, compressor: 'The compressor raises the pressure twelvefold. Its blades are steel now.' });
    expect(await ingest(engine, file)).toMatchObject({ documents: 1, failed: [] });
    for (const heading of ['intake', 'combustor', 'turbine']) {
      expect((await citationFor(engine, heading)).chunkId).toBe(before[heading]!.chunkId);
    }
    const compressor = await citationFor(engine, 'compressor steel');
    expect(compressor.chunkId).not.toBe(before.compressor!.chunkId);
    expect(compressor.documentId).toBe(before.compressor!.documentId);
    expect(engine.library.stats()).toMatchObject({ documents: 1, chunks: 4, integrity: 'ok' });
    // A kept chunk opens in the new text at its new place.
    const turbine = engine.library.passage(PassageRequest.parse({ chunkId: before.turbine!.chunkId }));
    expect(turbine.text).toContain('single crystal castings');
    expect(turbine.found).toBe('cited');
  });

  it('opens a changed chunk’s citation by its quoted text, or says plainly that the document changed', async () => {
    const { engine, file } = await library();
    const stale = await citationFor(engine, 'compressor');
    write(file, { ...sections, compressor: 'The compressor raises the pressure twelvefold. Its blades are steel now.' });
    await ingest(engine, file);

    const relocated = engine.library.passage(PassageRequest.parse(stale));
    expect(relocated.found).toBe('quote');
    expect(relocated.chunkId).not.toBe(stale.chunkId);
    expect(relocated.text).toContain('Its blades are steel now.');
    const full = engine.library.documentText(relocated.documentId);
    expect(full.slice(relocated.highlight!.start, relocated.highlight!.end)).toContain('raises the pressure twelvefold');

    write(file, { ...sections, compressor: 'An axial fan feeds the core.' });
    await ingest(engine, file);
    expect(() => engine.library.passage(PassageRequest.parse(stale))).toThrow(/“engine\.md” has changed since this answer was written/);
    // Without the quote (an old client) the error still says the passage went away, not "No passage 26".
    expect(() => engine.library.passage(PassageRequest.parse({ chunkId: stale.chunkId }))).toThrow(
      /no longer in the library: its document was removed or changed/,
    );

    rmSync(file);
    engine.library.remove(file);
    expect(() => engine.library.passage(PassageRequest.parse(stale))).toThrow(/“engine\.md” is no longer in the library: it was removed/);
  });
});

describe('finding a quote in the current text', () => {
  it('finds the whole quote, else the closest run of its surviving sentences, else nothing', () => {
    const text = 'Alpha one two three. Beta four five six. Gamma seven eight nine. Delta ten eleven twelve.';
    expect(locateQuote(text, 'Beta four five six.')).toEqual({ start: 21, end: 40 });
    const span = locateQuote(text, 'Beta four five six. Changed words here now. Gamma seven eight nine.')!;
    expect(text.slice(span.start, span.end)).toBe('Beta four five six. Gamma seven eight nine.');
    expect(locateQuote(text, 'Nothing of this is there any more.')).toBeNull();
    expect(locateQuote(text, '   ')).toBeNull();
  });
});
