import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../../../src-shared/schemas/answer';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import { createLibraryRepository } from '../../../../src-main/engine/store/library-repository';
import { textContentHash } from '../../../../src-main/engine/text/content-hash';
import { answerCacheRequest, createAnswerCache, type AnswerCache } from '../../../../src-main/engine/cache/answer-cache';
import { resolveAnswerCacheOptions, type AnswerCacheSettings } from '../../../../src-main/engine/cache/cache-options';
import { tempDir } from '../../../helpers/temp';

const logger = pino({ level: 'silent' });
const route = { provider: 'extractive', model: 'quarry-extractive' };

/** Writes a one-chunk document as the ingest pipeline does; returns its ids. */
function addDocument(db: Db, collection: string, path: string, text: string) {
  const library = createLibraryRepository(db);
  return db.transaction(() => {
    const collectionId = library.ensureCollection(collection);
    const current = library.documentByPath(collectionId, path);
    if (current) library.deleteDocumentRows(current.id, () => undefined);
    const chunk = { ordinal: 0, text, page: null, headingPath: [], start: 0, end: text.length, tokenCount: 5 };
    const { documentId, chunkIds } = library.insertDocumentRows({
      collectionId,
      path,
      fileType: 'txt',
      title: null,
      contentHash: textContentHash(text),
      bytes: text.length,
      pages: null,
      mtimeMs: null,
      text,
      chunks: [chunk],
    });
    return { documentId, chunkId: chunkIds[0]! };
  })();
}

function answerCiting(question: string, doc: { documentId: number; chunkId: number }, path: string, text: string): AnswerResult {
  return {
    answerId: 'a1',
    conversationId: 'c1',
    question,
    answer: `${text} [1]`,
    noAnswer: false,
    citations: [
      {
        n: 1,
        chunkId: doc.chunkId,
        documentId: doc.documentId,
        path,
        title: null,
        page: null,
        headingPath: [],
        start: 0,
        end: text.length,
        text,
      },
    ],
    route: { ...route, reason: 'test' },
    cache: 'miss',
    timings: { totalMs: 40 },
  };
}

function request(question: string, collection?: string) {
  return answerCacheRequest({ question, mode: 'hybrid', topK: 6, ...(collection ? { collection } : {}) }, route, [], 'extractive:v1');
}

describe('answer cache', () => {
  let dir: string;
  let db: Db;
  const caches: AnswerCache[] = [];
  const open = (settings: AnswerCacheSettings = {}) => {
    const cache = createAnswerCache({ db, logger, options: resolveAnswerCacheOptions(settings) });
    caches.push(cache);
    return cache;
  };

  beforeEach(() => {
    dir = tempDir('quarry-cache-');
    db = openDatabase(join(dir, 'library.sqlite'));
  });
  afterEach(async () => {
    for (const cache of caches.splice(0)) await cache.close();
    db.close();
  });

  it('misses first, then hits from memory for the same question written differently', async () => {
    const doc = addDocument(db, 'reports', '/r/a.txt', 'Pressure drag rises with speed.');
    const cache = open();
    const first = cache.prepare(request('What raises drag?', 'reports'));
    expect(await cache.lookup(first)).toBeNull();
    cache.store(first, answerCiting('What raises drag?', doc, '/r/a.txt', 'Pressure drag rises with speed.'), 40);

    const again = await cache.lookup(cache.prepare(request('  what RAISES drag ', 'reports')));
    expect(again?.tier).toBe('memory');
    expect(again?.answer.citations[0]?.chunkId).toBe(doc.chunkId);
    expect(await cache.lookup(cache.prepare(request('What raises drag?')))).toBeNull(); // another scope: whole library
    const stats = cache.stats();
    expect(stats).toMatchObject({ hits: 1, misses: 2, stores: 1, entries: { memory: 1, sqlite: 1 } });
    expect(stats.hitLatencyMs.count).toBe(1);
  });

  it('keeps answers across a restart and serves them from SQLite', async () => {
    const doc = addDocument(db, 'reports', '/r/a.txt', 'Lift grows with the angle of attack.');
    const before = open();
    const lookup = before.prepare(request('How does lift grow?', 'reports'));
    await before.lookup(lookup);
    before.store(lookup, answerCiting('How does lift grow?', doc, '/r/a.txt', 'Lift grows with the angle of attack.'), 40);
    await before.close();
    caches.splice(0);
    db.close();

    db = openDatabase(join(dir, 'library.sqlite'));
    const after = open();
    const hit = await after.lookup(after.prepare(request('How does lift grow?', 'reports')));
    expect(hit?.tier).toBe('sqlite');
    expect(hit?.answer.answer).toContain('angle of attack');
    expect(after.stats()).toMatchObject({ hits: 1, misses: 1, stores: 1 });
    expect((await after.lookup(after.prepare(request('How does lift grow?', 'reports'))))?.tier).toBe('memory');
  });

  it('stops serving an answer once its TTL has passed, and maintenance removes it', async () => {
    const doc = addDocument(db, 'reports', '/r/a.txt', 'Heat flux peaks at the nose.');
    const cache = open({ ttlMs: 60 });
    const lookup = cache.prepare(request('Where does heat flux peak?', 'reports'));
    cache.store(lookup, answerCiting('Where does heat flux peak?', doc, '/r/a.txt', 'Heat flux peaks at the nose.'), 40);
    expect(await cache.lookup(cache.prepare(request('Where does heat flux peak?', 'reports')))).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 90));
    expect(await cache.lookup(cache.prepare(request('Where does heat flux peak?', 'reports')))).toBeNull();
    expect(cache.deleteExpired()).toBe(1);
    expect(cache.stats().entries.sqlite).toBe(0);
  });

  it('invalidates answers when a cited document changes, and only in scopes that include it', async () => {
    const cited = addDocument(db, 'reports', '/r/a.txt', 'Boundary layers thicken downstream.');
    const other = addDocument(db, 'notes', '/n/b.txt', 'Shock waves form above Mach one.');
    const cache = open();
    const inReports = cache.prepare(request('Why do boundary layers thicken?', 'reports'));
    cache.store(inReports, answerCiting('Why do boundary layers thicken?', cited, '/r/a.txt', 'Boundary layers thicken downstream.'), 40);
    const inNotes = cache.prepare(request('When do shock waves form?', 'notes'));
    cache.store(inNotes, answerCiting('When do shock waves form?', other, '/n/b.txt', 'Shock waves form above Mach one.'), 40);

    addDocument(db, 'reports', '/r/a.txt', 'Boundary layers thin out when suction is applied.');

    expect(await cache.lookup(cache.prepare(request('Why do boundary layers thicken?', 'reports')))).toBeNull();
    expect((await cache.lookup(cache.prepare(request('When do shock waves form?', 'notes'))))?.tier).toBe('memory');
    // The stored row citing the replaced document is gone at once, not only out of reach.
    expect(db.prepare('SELECT count(*) FROM answer_cache WHERE key = ?').pluck().get(inReports.key.key)).toBe(0);
    expect(cache.stats().entries.sqlite).toBe(1);
  });

  it('invalidates when a document is added to the scope or the whole library', async () => {
    const doc = addDocument(db, 'reports', '/r/a.txt', 'Flutter appears at high dynamic pressure.');
    const cache = open();
    for (const scope of ['reports', undefined]) {
      const lookup = cache.prepare(request('When does flutter appear?', scope));
      cache.store(lookup, answerCiting('When does flutter appear?', doc, '/r/a.txt', 'Flutter appears at high dynamic pressure.'), 40);
    }
    addDocument(db, 'reports', '/r/new.txt', 'Flutter can also appear at low speed with a soft wing.');
    expect(await cache.lookup(cache.prepare(request('When does flutter appear?', 'reports')))).toBeNull();
    expect(await cache.lookup(cache.prepare(request('When does flutter appear?')))).toBeNull();
  });

  it('keys on the route, prompt version and settings', async () => {
    const doc = addDocument(db, 'reports', '/r/a.txt', 'Wings stall past the critical angle.');
    const cache = open();
    const base = request('When do wings stall?', 'reports');
    cache.store(cache.prepare(base), answerCiting('When do wings stall?', doc, '/r/a.txt', 'Wings stall past the critical angle.'), 40);
    expect(await cache.lookup(cache.prepare(base))).not.toBeNull();
    expect(await cache.lookup(cache.prepare({ ...base, route: { provider: 'ollama', model: 'llama3.2' } }))).toBeNull();
    expect(await cache.lookup(cache.prepare({ ...base, promptVersion: 'extractive:v2' }))).toBeNull();
    expect(await cache.lookup(cache.prepare({ ...base, topK: 3 }))).toBeNull();
    expect(await cache.lookup(cache.prepare({ ...base, context: ['Earlier: what is a wing?'] }))).toBeNull();
  });

  it('stays within its bounds and counts evictions', async () => {
    const doc = addDocument(db, 'reports', '/r/a.txt', 'Vortex generators delay separation.');
    const cache = open({ memoryMaxEntries: 2, storeMaxEntries: 3 });
    for (let i = 0; i < 5; i++) {
      const lookup = cache.prepare(request(`question number ${i}`, 'reports'));
      cache.store(lookup, answerCiting(`question number ${i}`, doc, '/r/a.txt', 'Vortex generators delay separation.'), 40);
    }
    const stats = cache.stats();
    expect(stats.entries).toEqual({ memory: 2, sqlite: 3 });
    expect(stats.evictions).toEqual({ memory: 3, sqlite: 2 });
    expect(Number(db.prepare('SELECT count(*) FROM answer_cache').pluck().get())).toBe(3);
    expect(stats.bytes.sqlite).toBe(Number(db.prepare('SELECT sum(bytes) FROM answer_cache').pluck().get()));
    // The oldest went first; the newest is still served.
    expect(await cache.lookup(cache.prepare(request('question number 0', 'reports')))).toBeNull();
    expect(await cache.lookup(cache.prepare(request('question number 4', 'reports')))).not.toBeNull();
  });

  it('serves a similar question only when enabled, and says which question it matched', async () => {
    const doc = addDocument(db, 'reports', '/r/a.txt', 'Drag falls when the surface is smooth.');
    const letters = (text: string) => {
      const vector = new Float32Array(32);
      for (const ch of text.replace(/[^a-z]/g, '')) vector[ch.charCodeAt(0) - 97]! += 1;
      return vector;
    };
    const embedQuestion = async (text: string) => letters(text);
    const on = createAnswerCache({
      db,
      logger,
      embedQuestion,
      options: resolveAnswerCacheOptions({ similar: { enabled: true, maxDistance: 0.05 } }),
    });
    caches.push(on);
    const lookup = on.prepare(request('How does a smooth surface change drag?', 'reports'));
    expect(await on.lookup(lookup)).toBeNull();
    on.store(lookup, answerCiting('How does a smooth surface change drag?', doc, '/r/a.txt', 'Drag falls when the surface is smooth.'), 40);

    const similar = await on.lookup(on.prepare(request('How does a smooth surface change the drag?', 'reports')));
    expect(similar?.similarTo).toBe('How does a smooth surface change drag?');
    expect(await on.lookup(on.prepare(request('What is the melting point of tungsten?', 'reports')))).toBeNull();
    expect(on.stats().similarHits).toBe(1);

    const off = createAnswerCache({ db, logger, embedQuestion, options: resolveAnswerCacheOptions() });
    caches.push(off);
    expect(await off.lookup(off.prepare(request('How does a smooth surface change the drag?', 'reports')))).toBeNull();
  });

  it('adds counters of every process into the stored stats', async () => {
    const doc = addDocument(db, 'reports', '/r/a.txt', 'Camber adds lift at zero angle.');
    const one = open();
    const lookup = one.prepare(request('What does camber add?', 'reports'));
    await one.lookup(lookup);
    one.store(lookup, answerCiting('What does camber add?', doc, '/r/a.txt', 'Camber adds lift at zero angle.'), 40);
    one.flush();
    const two = open();
    await two.lookup(two.prepare(request('What does camber add?', 'reports')));
    two.flush();
    expect(open().stats()).toMatchObject({ hits: 1, misses: 1, hitsByTier: { sqlite: 1 }, stores: 1 });
  });
});
