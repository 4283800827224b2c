import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import type { Embedder } from '../../../../src-main/engine/providers/embedder';
import { createOllamaProvider } from '../../../../src-main/engine/providers/ollama-provider';
import { chunkRowIndexingText } from '../../../../src-main/engine/text/indexing-text';
import { createCachingEmbedder, createEmbeddingCache, embeddingContentHash } from '../../../../src-main/engine/cache/embedding-cache';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';

/** Ollama's embeddings as an Embedder, through the real provider client and the fake's HTTP API. */
function ollamaEmbedder(url: string): Embedder {
  const provider = createOllamaProvider({ host: url });
  return {
    id: 'ollama:nomic-embed-text',
    dimensions: 64,
    embed: async (texts, options) =>
      (await provider.embed('nomic-embed-text', texts, options.signal ?? new AbortController().signal)).vectors,
  };
}

const paragraphs = (topic: string, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `Paragraph ${i} about ${topic}: ${`${topic} measurements in run ${i} were repeated. `.repeat(6)}`,
  ).join('\n\n');

/** Every chunk's indexing text with its stored content hash, as a remote-embedder index build reads them. */
function chunkTexts(db: Db, collection: string): { text: string; hash: string }[] {
  return db
    .prepare<[string], { heading_path: string; text: string; content_hash: string }>(
      `SELECT ch.heading_path, ch.text, ch.content_hash FROM chunks ch JOIN documents d ON d.id = ch.document_id
       JOIN collections c ON c.id = d.collection_id WHERE c.name = ? ORDER BY ch.id`,
    )
    .all(collection)
    .map((row) => ({ text: chunkRowIndexingText(row.heading_path, row.text), hash: row.content_hash }));
}

describe('embedding cache on re-ingest, with Ollama embeddings', () => {
  let root: string;
  let files: string;
  let fake: FakeOllama;
  let engine: Engine;
  let db: Db;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'quarry-embed-reuse-'));
    files = join(root, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'tunnel.md'), `# Tunnel\n\n${paragraphs('wind tunnel', 6)}\n`);
    writeFileSync(join(files, 'flight.md'), `# Flight\n\n${paragraphs('flight test', 6)}\n`);
    fake = await startFakeOllama();
    engine = createEngine({
      dataDir: join(root, 'data'),
      logger: pino({ level: 'silent' }),
      chunkOptions: { targetTokens: 40, overlapTokens: 0 },
    });
    db = openDatabase(join(root, 'data', 'library.sqlite'));
  });
  afterEach(async () => {
    db.close();
    await engine.close();
    await fake.close();
    rmSync(root, { recursive: true, force: true });
  });

  const ingest = async (collection: string) => {
    const { jobId } = await engine.ingest({ paths: [files], collection });
    expect((await engine.waitForJob(jobId)).status).toBe('done');
  };
  const embedded = () => fake.received('/api/embed').flatMap((request) => (request.body as { input: string[] }).input);

  it('sends only changed chunks to the embedder after a re-ingest, and nothing for another collection', async () => {
    const embedder = createCachingEmbedder(ollamaEmbedder(fake.url), createEmbeddingCache(db));
    await ingest('research');
    const first = chunkTexts(db, 'research');
    expect(first.length).toBeGreaterThan(6);
    // The cache keys texts by the same hash the chunks table stores.
    expect(first.every((chunk) => embeddingContentHash(chunk.text) === chunk.hash)).toBe(true);
    const vectors = await embedder.embed(
      first.map((c) => c.text),
      { kind: 'document' },
    );
    expect(embedded()).toHaveLength(new Set(first.map((c) => c.hash)).size);

    writeFileSync(join(files, 'flight.md'), `# Flight\n\n${paragraphs('flight test', 5)}\n\nA new closing paragraph on gust loads.\n`);
    await ingest('research');
    const second = chunkTexts(db, 'research');
    const known = new Set(first.map((c) => c.hash));
    const changed = new Set(second.filter((c) => !known.has(c.hash)).map((c) => c.text));
    expect(changed.size).toBeGreaterThan(0);
    expect(changed.size).toBeLessThan(second.length);
    const before = embedded().length;
    const again = await embedder.embed(
      second.map((c) => c.text),
      { kind: 'document' },
    );
    expect(new Set(embedded().slice(before))).toEqual(changed);
    const unchanged = second.findIndex((c) => known.has(c.hash));
    expect([...again[unchanged]!]).toEqual([...vectors[first.findIndex((c) => c.hash === second[unchanged]!.hash)]!]);

    await ingest('archive');
    const copied = chunkTexts(db, 'archive');
    const beforeCopy = embedded().length;
    await embedder.embed(
      copied.map((c) => c.text),
      { kind: 'document' },
    );
    expect(embedded().length).toBe(beforeCopy);
  });
});
