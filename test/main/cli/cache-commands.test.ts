import { IngestRequest } from '../../../src-shared/schemas/library';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src-main/engine';
import { tempDir } from '../../helpers/temp';
import { startRedisServer, type RedisServer } from '../../support/redis-server';

const cli = join(import.meta.dirname, '../../../bin/quarry.js');

function quarry(args: string[], dataDir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, ...env } });
}

const question = 'What Mach number does the blowdown tunnel reach?';

/** A library with one document, ingested in-process (the commands under test run as real processes). */
async function library(): Promise<string> {
  const data = tempDir();
  const docs = tempDir();
  writeFileSync(join(docs, 'tunnel.md'), '# Wind tunnel\n\nThe blowdown tunnel reaches Mach 4 for thirty seconds.\n');
  const engine = createEngine({ dataDir: data, logger: pino({ level: 'silent' }), resumeJobs: false });
  try {
    expect((await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [docs] }))).jobId)).status).toBe(
      'done',
    );
  } finally {
    await engine.close();
  }
  return data;
}

// Each test spawns several `quarry` processes (tsx compiles on start): slow on a busy machine, not a hang.
describe('quarry cache and maintenance commands', { timeout: 120_000 }, () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('reports hit or miss with the tier, and stats across runs', async () => {
    const data = await library();
    const first = JSON.parse(quarry(['ask', question, '--json'], data).stdout);
    expect(first).toMatchObject({ cache: 'miss' });
    expect(first.cacheTier).toBeUndefined();
    const second = JSON.parse(quarry(['ask', question, '--json'], data).stdout);
    expect(second).toMatchObject({ cache: 'hit', cacheTier: 'sqlite', answer: first.answer });

    const stats = JSON.parse(quarry(['cache', 'stats', '--json'], data).stdout);
    expect(stats).toMatchObject({ hits: 1, misses: 1, stores: 1, entries: { sqlite: 1 }, redis: { configured: false } });
    expect(stats.hitLatencyMs.p50).toBeGreaterThan(0);
    expect(quarry(['cache', 'stats'], data).stdout).toMatch(/1 hits, 1 misses/);

    expect(JSON.parse(quarry(['cache', 'clear', '--json'], data).stdout)).toEqual({ removed: 1 });
    expect(JSON.parse(quarry(['ask', question, '--json'], data).stdout).cache).toBe('miss');
  });

  it('shares answers through Redis when QUARRY_REDIS_URL is set, and still answers when it is unreachable', async () => {
    const team = { QUARRY_REDIS_URL: redis.url, QUARRY_REDIS_NAMESPACE: `cli-${process.pid}` };
    const alice = await library();
    const bob = await library();
    expect(JSON.parse(quarry(['ask', question, '--json'], alice, team).stdout).cache).toBe('miss');
    expect(JSON.parse(quarry(['ask', question, '--json'], bob, team).stdout)).toMatchObject({ cache: 'hit', cacheTier: 'redis' });

    const carol = await library();
    const down = quarry(['ask', question, '--json'], carol, { QUARRY_REDIS_URL: 'redis://127.0.0.1:1' });
    expect(down.status, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ cache: 'miss', noAnswer: false });
    expect(JSON.parse(quarry(['cache', 'stats', '--json'], carol).stdout).redis.skipped).toBeGreaterThanOrEqual(1);
  });

  it('warms from a file with progress, and runs maintenance', async () => {
    const data = await library();
    const questions = join(tempDir(), 'questions.txt');
    writeFileSync(questions, `# common questions\n${question}\nHow long does the tunnel run?\n`);
    const warm = quarry(['cache', 'warm', '--file', questions], data);
    expect(warm.status, warm.stderr).toBe(0);
    expect(warm.stderr).toMatch(/\[1\/2\] computed/);
    expect(warm.stdout).toMatch(/Warmed 2 questions .*2 computed, 0 already cached/);
    expect(JSON.parse(quarry(['ask', question, '--json'], data).stdout).cache).toBe('hit');
    const fromHistory = JSON.parse(quarry(['cache', 'warm', '--top', '5', '--json'], data).stdout);
    expect(fromHistory).toMatchObject({ total: 2, computed: 0, cached: 2 });

    const maintenance = quarry(['maintenance', '--json', '--rotate-log-mb', '0'], data);
    expect(maintenance.status, maintenance.stderr).toBe(0);
    const report = JSON.parse(maintenance.stdout);
    expect(report.backup.check).toBe('ok');
    expect(existsSync(report.backup.path)).toBe(true);
    // The first run logged its report; the second rotates that log.
    const again = JSON.parse(quarry(['maintenance', '--json', '--no-backup', '--rotate-log-mb', '0'], data).stdout);
    expect(again.backup).toBeNull();
    expect(again.logs.rotated).toHaveLength(1);
    expect(existsSync(again.logs.rotated[0])).toBe(true);
  });

  it('keeps warming at an interval with --daemon until interrupted', async () => {
    const data = await library();
    const questions = join(tempDir(), 'questions.txt');
    writeFileSync(questions, `${question}\n`);
    const child = spawn(process.execPath, [
      cli,
      'cache',
      'warm',
      '--file',
      questions,
      '--daemon',
      '--interval',
      '1s',
      '--json',
      '--data-dir',
      data,
    ]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    while (out.split('\n').filter(Boolean).length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const rounds = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rounds[0]).toMatchObject({ total: 1, computed: 1 });
    expect(rounds[1]).toMatchObject({ total: 1, cached: 1 });
  });
});
