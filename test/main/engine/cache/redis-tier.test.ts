import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../../../src-shared/schemas/answer';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import { createLibraryRepository, type LibraryRepository } from '../../../../src-main/engine/store/library-repository';
import { textContentHash } from '../../../../src-main/engine/text/content-hash';
import { answerCacheRequest, createAnswerCache, type AnswerCache } from '../../../../src-main/engine/cache/answer-cache';
import { resolveAnswerCacheOptions } from '../../../../src-main/engine/cache/cache-options';
import { startRedisServer, type RedisServer } from '../../../support/redis-server';
import { tempDir } from '../../../helpers/temp';

const logger = pino({ level: 'silent' });
const route = { provider: 'extractive', model: 'quarry-extractive' };
const texts = ['Transition to turbulence moves forward with roughness.', 'Laminar flow keeps skin friction low.'];

/** A library holding the same two documents; `padding` documents first make its ids differ from another library's. */
function library(file: string, padding: number): Db {
  const db = openDatabase(file);
  const repo = createLibraryRepository(db);
  db.transaction(() => {
    const collectionId = repo.ensureCollection('papers');
    const scratch = repo.ensureCollection('scratch');
    for (let i = 0; i < padding; i++) add(repo, scratch, `/pad/${i}.txt`, `padding document number ${i}`);
    texts.forEach((text, i) => add(repo, collectionId, `/home/user${padding}/papers/${i}.txt`, text));
  })();
  return db;
}

function add(repo: LibraryRepository, collectionId: number, path: string, text: string) {
  const chunk = { ordinal: 0, text, page: null, headingPath: [], start: 0, end: text.length, tokenCount: 6 };
  return repo.insertDocumentRows({
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
}

function answerFrom(db: Db, question: string): AnswerResult {
  const row = db
    .prepare<[], { chunkId: number; documentId: number; path: string; text: string }>(
      `SELECT ch.id AS chunkId, d.id AS documentId, d.path, ch.text FROM chunks ch JOIN documents d ON d.id = ch.document_id
       JOIN collections c ON c.id = d.collection_id WHERE c.name = 'papers' ORDER BY d.id LIMIT 1`,
    )
    .get()!;
  return {
    answerId: 'a',
    conversationId: 'c',
    question,
    answer: `${row.text} [1]`,
    noAnswer: false,
    citations: [{ n: 1, ...row, title: null, page: null, headingPath: [], start: 0, end: row.text.length }],
    route: { ...route, reason: 'test' },
    cache: 'miss',
    timings: {},
  };
}

const request = (question: string) =>
  answerCacheRequest({ question, collection: 'papers', mode: 'hybrid', topK: 6 }, route, [], 'extractive:v1');

describe('team Redis tier', () => {
  let redis: RedisServer;
  let dir: string;
  const dbs: Db[] = [];
  const caches: AnswerCache[] = [];
  const open = (db: Db, namespace = 'team-a') => {
    const cache = createAnswerCache({
      db,
      logger,
      options: resolveAnswerCacheOptions({ redis: { url: redis.url, namespace, timeoutMs: 50 } }),
    });
    caches.push(cache);
    return cache;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });
  beforeEach(() => {
    dir = tempDir('quarry-redis-');
  });
  afterEach(async () => {
    redis.resume();
    for (const cache of caches.splice(0)) await cache.close();
    for (const db of dbs.splice(0)) db.close();
  });

  it('shares an answer with a teammate whose library holds the same documents, citing the teammate’s own passages', async () => {
    const mine = library(join(dir, 'mine.sqlite'), 0);
    const theirs = library(join(dir, 'theirs.sqlite'), 3);
    dbs.push(mine, theirs);
    const writer = open(mine);
    const lookup = writer.prepare(request('What moves transition forward?'));
    expect(await writer.lookup(lookup)).toBeNull();
    writer.store(lookup, answerFrom(mine, 'What moves transition forward?'), 30);
    await writer.close();
    caches.splice(caches.indexOf(writer), 1);

    const reader = open(theirs);
    const hit = await reader.lookup(reader.prepare(request('what moves transition forward')));
    expect(hit?.tier).toBe('redis');
    const expected = answerFrom(theirs, 'x').citations[0]!;
    expect(hit?.answer.citations[0]).toMatchObject({ chunkId: expected.chunkId, documentId: expected.documentId, path: expected.path });
    expect(expected.chunkId).not.toBe(answerFrom(mine, 'x').citations[0]!.chunkId);
    // Copied into the local tiers: the next ask does not go to Redis.
    expect((await reader.lookup(reader.prepare(request('What moves transition forward?'))))?.tier).toBe('memory');
    // A value that is not a shared answer is a miss, not a failed question.
    const { Redis } = await import('ioredis');
    const raw = new Redis(redis.url);
    const keys = await raw.keys('team-a:answer:v1:*');
    expect(keys).toHaveLength(1);
    await raw.set(keys[0]!, '{not json');
    await raw.quit();
    const otherDb = library(join(dir, 'other.sqlite'), 1);
    dbs.push(otherDb);
    const other = open(otherDb);
    expect(await other.lookup(other.prepare(request('What moves transition forward?')))).toBeNull();
    expect(other.stats().redis.errors).toBe(1);
    // Another namespace sees nothing.
    const stranger = open(theirs, 'team-b');
    expect(await stranger.lookup(stranger.prepare(request('How is skin friction kept low?')))).toBeNull();
  });

  it('never writes nor reads a private scope’s answers in the team tier', async () => {
    const mine = library(join(dir, 'mine.sqlite'), 0);
    dbs.push(mine);
    const cache = open(mine, 'team-private');
    const question = 'Why does laminar flow keep friction low?';
    const privateRequest = answerCacheRequest(
      { question, collection: 'papers', mode: 'hybrid', topK: 6 },
      route,
      [],
      'extractive:v1',
      undefined,
      true,
    );
    const lookup = cache.prepare(privateRequest);
    expect(await cache.lookup(lookup)).toBeNull();
    cache.store(lookup, answerFrom(mine, question), 30);
    await cache.close();
    caches.splice(caches.indexOf(cache), 1);
    const { Redis } = await import('ioredis');
    const raw = new Redis(redis.url);
    expect(await raw.keys('team-private:*')).toEqual([]);
    await raw.quit();
    // The same answer stays usable on this machine.
    const again = open(mine, 'team-private');
    expect((await again.lookup(again.prepare(privateRequest)))?.tier).toBe('sqlite');
  });

  it('does not share between libraries whose scope holds different documents', async () => {
    const mine = library(join(dir, 'mine.sqlite'), 0);
    const theirs = library(join(dir, 'theirs.sqlite'), 0);
    dbs.push(mine, theirs);
    const repo = createLibraryRepository(theirs);
    theirs.transaction(() => add(repo, repo.ensureCollection('papers'), '/extra.txt', 'An extra report on wind tunnels.'))();
    const writer = open(mine);
    const lookup = writer.prepare(request('Why is skin friction low?'));
    writer.store(lookup, answerFrom(mine, 'Why is skin friction low?'), 30);
    await writer.close();
    caches.splice(caches.indexOf(writer), 1);
    const reader = open(theirs);
    expect(await reader.lookup(reader.prepare(request('Why is skin friction low?')))).toBeNull();
  });

  it('skips Redis within the time budget when it hangs or goes down mid-run, and counts it', async () => {
    const mine = library(join(dir, 'mine.sqlite'), 0);
    dbs.push(mine);
    const cache = open(mine);
    expect(await cache.lookup(cache.prepare(request('first question while Redis is up')))).toBeNull();

    redis.pause();
    let started = performance.now();
    expect(await cache.lookup(cache.prepare(request('asked while Redis hangs')))).toBeNull();
    expect(performance.now() - started).toBeLessThan(150);
    const lookup = cache.prepare(request('stored while Redis hangs'));
    started = performance.now();
    cache.store(lookup, answerFrom(mine, 'stored while Redis hangs'), 30);
    expect(performance.now() - started).toBeLessThan(25); // the Redis write runs in the background
    expect((await cache.lookup(cache.prepare(request('stored while Redis hangs'))))?.tier).toBe('memory');
    await new Promise((resolve) => setTimeout(resolve, 80));
    redis.resume();

    await redis.stop();
    started = performance.now();
    expect(await cache.lookup(cache.prepare(request('asked after Redis died')))).toBeNull();
    expect(performance.now() - started).toBeLessThan(150);
    await cache.close(); // waits for the background write, which was skipped too
    const stats = cache.stats();
    expect(stats.redis.configured).toBe(true);
    expect(stats.redis.skipped).toBeGreaterThanOrEqual(3);
    expect(stats.misses).toBe(3);
    redis = await startRedisServer();
  });
});
