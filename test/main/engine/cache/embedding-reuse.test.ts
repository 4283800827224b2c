import { SearchRequest } from '../../../../src-shared/schemas/search';
import { IngestRequest } from '../../../../src-shared/schemas/library';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import type { EventPayload } from '../../../../src-shared/contract';
import { chunkRowIndexingText } from '../../../../src-main/engine/text/indexing-text';
import { embeddingContentHash } from '../../../../src-main/engine/embedding/embedding-cache';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import { tempDir } from '../../../helpers/temp';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';

let ollama: FakeOllama;
beforeAll(async () => {
  ollama = await startFakeOllama();
});
afterAll(async () => {
  await ollama.close();
});

const paragraphs = (topic: string, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `Paragraph ${i} about ${topic}: ${`${topic} measurements in run ${i} were repeated. `.repeat(6)}`,
  ).join('\n\n');

/** Every chunk's indexing text with its stored content hash. */
function chunkTexts(db: Db, collection: string): { text: string; hash: string }[] {
  return db
    .prepare<[string], { heading_path: string; text: string; content_hash: string }>(
      `SELECT ch.heading_path, ch.text, ch.content_hash FROM chunks ch JOIN documents d ON d.id = ch.document_id
       JOIN collections c ON c.id = d.collection_id WHERE c.name = ? ORDER BY ch.id`,
    )
    .all(collection)
    .map((row) => ({ text: chunkRowIndexingText(row.heading_path, row.text), hash: row.content_hash }));
}

function switched(engine: Engine, state: string): Promise<EventPayload<'embedder.switch'>> {
  return new Promise((resolve) => {
    const stop = engine.events.on('embedder.switch', (progress) => {
      if (progress.state === state || progress.state === 'failed') {
        stop();
        resolve(progress);
      }
    });
  });
}

/** Document texts Ollama was asked to embed (the switch's one-text connection probe aside). */
const embeddedDocuments = (since: number, probe: string) =>
  ollama
    .received('/api/embed')
    .slice(since)
    .flatMap((request) => (request.body as { input: string[] }).input)
    .filter((text) => text !== probe);

describe('embedding cache with Ollama embeddings through the engine', () => {
  let engine: Engine;
  let db: Db;
  afterEach(async () => {
    db.close();
    await engine.close();
  });

  it('sends only changed passages after a re-ingest, nothing for a copy in another collection or a switch back', async () => {
    const data = tempDir();
    const files = join(data, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'tunnel.md'), `# Tunnel\n\n${paragraphs('wind tunnel', 6)}\n`);
    writeFileSync(join(files, 'flight.md'), `# Flight\n\n${paragraphs('flight test', 6)}\n`);
    engine = createEngine({
      dataDir: data,
      resumeJobs: false,
      logger: pino({ level: 'silent' }),
      chunkOptions: { targetTokens: 40, overlapTokens: 0 },
      environment: { OLLAMA_HOST: ollama.url },
    });
    db = openDatabase(join(data, 'library.sqlite'));
    const ingest = async (collection: string) => {
      expect(
        (await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [files], collection }))).jobId)).status,
      ).toBe('done');
    };
    await ingest('research');
    let mark = ollama.received('/api/embed').length;
    const active = switched(engine, 'active');
    await engine.providers.switchEmbedder('ollama:nomic-embed-text');
    expect(await active).toMatchObject({ state: 'active' });
    const probe = (ollama.received('/api/embed')[mark]!.body as { input: string[] }).input[0]!;
    const first = chunkTexts(db, 'research');
    expect(first.length).toBeGreaterThan(6);
    // The cache keys texts by the same hash the chunks table stores for them.
    expect(first.every((chunk) => embeddingContentHash(chunk.text) === chunk.hash)).toBe(true);
    expect(new Set(embeddedDocuments(mark, probe))).toEqual(new Set(first.map((c) => c.text)));

    mark = ollama.received('/api/embed').length;
    writeFileSync(join(files, 'flight.md'), `# Flight\n\n${paragraphs('flight test', 5)}\n\nA new closing paragraph on gust loads.\n`);
    await ingest('research');
    const known = new Set(first.map((c) => c.hash));
    const second = chunkTexts(db, 'research');
    const changed = second.filter((c) => !known.has(c.hash)).map((c) => c.text);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(second.length);
    expect(new Set(embeddedDocuments(mark, probe))).toEqual(new Set(changed));

    mark = ollama.received('/api/embed').length;
    await ingest('archive');
    expect(chunkTexts(db, 'archive')).toHaveLength(second.length);
    expect(embeddedDocuments(mark, probe)).toEqual([]);

    const builtin = switched(engine, 'active');
    await engine.providers.switchEmbedder('builtin');
    await builtin;
    mark = ollama.received('/api/embed').length;
    const back = switched(engine, 'active');
    await engine.providers.switchEmbedder('ollama:nomic-embed-text');
    expect(await back).toMatchObject({ embedderId: 'ollama:nomic-embed-text', state: 'active' });
    expect(embeddedDocuments(mark, probe)).toEqual([]);
    const found = await engine.search.query(SearchRequest.parse({ query: 'gust loads closing paragraph', mode: 'dense', limit: 1 }));
    expect(found.hits[0]!.text).toContain('gust loads');
  });
});
