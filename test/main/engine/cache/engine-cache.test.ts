import { MaintenanceRequest } from '../../../../src-shared/schemas/cache';
import { DocumentFilter, IngestRequest } from '../../../../src-shared/schemas/library';
import { AskRequest } from '../../../../src-shared/schemas/answer';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import { openDatabase } from '../../../../src-main/engine/store/database';
import { tempDir } from '../../../helpers/temp';

const documents = {
  'wings.md': '# Wings\n\nA wing stalls when the angle of attack passes the critical angle. Stall makes lift fall sharply.\n',
  'engines.md': '# Engines\n\nA turbofan engine bypasses most of its air around the core. Bypass air makes the engine quieter.\n',
};

describe('caches through the engine facade', () => {
  let root: string;
  let files: string;
  let engines: Engine[];
  const open = () => {
    const engine = createEngine({ dataDir: join(root, 'data'), logger: pino({ level: 'silent' }) });
    engines.push(engine);
    return engine;
  };
  const ingest = async (engine: Engine, paths: string[], collection = 'default') => {
    const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths, collection }));
    const done = await engine.library.waitForJob(jobId);
    expect(done.status).toBe('done');
  };
  const ask = async (engine: Engine, question: string) => {
    const tokens: string[] = [];
    const started = engine.answers.ask(AskRequest.parse({ question }));
    const stop = engine.events.on('answer.token', (t) => t.answerId === started.answerId && tokens.push(t.delta));
    const result = await started.done;
    stop();
    return { result, streamed: tokens.join('') };
  };

  beforeEach(() => {
    root = tempDir('quarry-engine-cache-');
    files = join(root, 'files');
    mkdirSync(files);
    for (const [name, text] of Object.entries(documents)) writeFileSync(join(files, name), text);
    engines = [];
  });
  afterEach(async () => {
    for (const engine of engines) await engine.close().catch(() => undefined);
  });

  it('answers a repeated question from the cache, streaming its tokens, and reports the tier', async () => {
    const engine = open();
    // Its vocabulary keeps terms found in more than one passage.
    writeFileSync(join(files, 'recovery.md'), '# Stall recovery\n\nTo recover a wing from a stall, lower the nose and add power.\n');
    await ingest(engine, [files]);
    const first = await ask(engine, 'When does a wing stall?');
    expect(first.result.cache).toBe('miss');
    expect(first.result.noAnswer).toBe(false);
    const second = await ask(engine, 'when does a wing stall');
    expect(second.result).toMatchObject({
      cache: 'hit',
      cacheTier: 'memory',
      answer: first.result.answer,
      question: 'when does a wing stall',
    });
    expect(second.result.answerId).not.toBe(first.result.answerId);
    expect(second.streamed).toBe(first.result.answer);
    expect(engine.cache.stats()).toMatchObject({ hits: 1, misses: 1, stores: 1 });
    // The hit is a turn of its conversation like any other answer.
    const turns = openDatabase(engine.library.location.libraryFile);
    const saved = turns
      .prepare("SELECT content FROM messages WHERE conversation_id = ? AND role = 'assistant' AND status = 'done'")
      .pluck()
      .all(second.result.conversationId);
    turns.close();
    expect(saved).toEqual([first.result.answer]);
  });

  it('serves answers after a restart and stops serving them when a cited file changes or is removed', async () => {
    let engine = open();
    await ingest(engine, [files]);
    const before = await ask(engine, 'When does a wing stall?');
    expect(before.result.citations[0]?.path).toContain('wings.md');
    await engine.close();

    engine = open();
    expect((await ask(engine, 'When does a wing stall?')).result).toMatchObject({ cache: 'hit', cacheTier: 'sqlite' });

    writeFileSync(join(files, 'wings.md'), '# Wings\n\nA wing stalls when the airflow separates from its upper surface, at any speed.\n');
    await ingest(engine, [files]);
    const changed = await ask(engine, 'When does a wing stall?');
    expect(changed.result.cache).toBe('miss');
    expect(changed.result.answer).toContain('airflow separates');
    expect((await ask(engine, 'When does a wing stall?')).result.cache).toBe('hit');

    engine.library.remove(join(files, 'wings.md'));
    const removed = await ask(engine, 'When does a wing stall?');
    expect(removed.result.cache).toBe('miss');
    expect(removed.result.answer).not.toContain('airflow separates');
  });

  it('serves a reworded question from the cache when similar questions are on, naming the cached question', async () => {
    const engine = createEngine({ dataDir: join(root, 'data'), logger: pino({ level: 'silent' }), cache: { similar: { enabled: true } } });
    engines.push(engine);
    // The built-in embedder has one dimension per chunk up to 256: give it a library large enough to tell questions apart.
    const vocabulary = `harbour copper ledger valve rotor glacier sonar turbine lattice quartz nozzle pylon rudder aileron spar rivet
      canyon meadow falcon anvil barley cobalt dune ember fjord granite hazel iris jasper kelp lantern marble nickel orchid pepper
      quiver raven saffron tundra umber velvet walnut yarrow zinc amber basalt cedar delta ferret garnet heron indigo juniper kestrel
      lichen mango nectar onyx pewter quill russet sorrel thistle`.split(/\s+/);
    for (let i = 0; i < 60; i++) {
      const words = Array.from({ length: 12 }, (_, j) => vocabulary[(i * 7 + j * 11) % vocabulary.length]);
      writeFileSync(
        join(files, `note-${i}.md`),
        `# Note ${i}\n\nThe ${words.join(' ')} report number ${i} lists item${i} and part${i * 13}.\n`,
      );
    }
    // Its vocabulary keeps terms found in more than one passage.
    writeFileSync(join(files, 'recovery.md'), '# Stall recovery\n\nTo recover a wing from a stall, lower the nose and add power.\n');
    await ingest(engine, [files]);
    const first = await ask(engine, 'When does a wing stall?');
    expect(first.result.cache).toBe('miss');
    const reworded = await ask(engine, 'wing stall - when does it happen');
    expect(reworded.result).toMatchObject({ cache: 'hit', cachedQuestion: 'When does a wing stall?', answer: first.result.answer });
    expect((await ask(engine, 'Which report lists copper and falcon?')).result.cache).toBe('miss');
    expect(engine.cache.stats().similarHits).toBe(1);
  });

  it('warms the cache from a questions file and from the most frequent questions', async () => {
    const engine = open();
    await ingest(engine, [files]);
    const questionsFile = join(root, 'questions.txt');
    writeFileSync(
      questionsFile,
      '# warm these\nWhen does a wing stall?\n\ndefault\tWhy is a turbofan quieter?\nWhy is a turbofan quieter?\n',
    );
    const { parseQuestionsFile } = await import('../../../../src-main/engine/cache/cache-warmer');
    const seen: string[] = [];
    const report = await engine.cache.warm(
      parseQuestionsFile(await import('node:fs').then((fs) => fs.readFileSync(questionsFile, 'utf8'))),
      (p) => seen.push(`${p.done}/${p.total} ${p.outcome}`),
    );
    expect(report).toMatchObject({ total: 3, computed: 3, cached: 0, failed: [] });
    expect(seen).toEqual(['1/3 computed', '2/3 computed', '3/3 computed']);
    expect((await ask(engine, 'Why is a turbofan quieter?')).result.cache).toBe('hit');
    await ask(engine, 'Why is a turbofan quieter?');
    const frequent = engine.cache.frequentQuestions(1);
    expect(frequent).toEqual([{ question: 'Why is a turbofan quieter?', mode: 'hybrid', topK: 6 }]);
    const again = await engine.cache.warm(engine.cache.frequentQuestions(10));
    expect(again).toMatchObject({ total: 3, computed: 0, cached: 3 });
  });

  it('runs maintenance while another engine uses the same library', async () => {
    const app = open();
    await ingest(app, [files]);
    await ask(app, 'When does a wing stall?');
    const logFile = join(root, 'data', 'logs', 'quarry.log');
    mkdirSync(join(root, 'data', 'logs'), { recursive: true });
    writeFileSync(logFile, '{"msg":"an old line"}\n'.repeat(100));

    const maintainer = open();
    const asking = Promise.all([ask(app, 'When does a wing stall?'), ask(app, 'Why is a turbofan quieter?')]);
    const report = await maintainer.maintenance.run(MaintenanceRequest.parse({ rotateLogBytes: 0, keepBackups: 1 }));
    const answered = await asking;
    expect(answered.map((a) => a.result.noAnswer)).toEqual([false, false]);
    expect(report.backup?.check).toBe('ok');
    expect(existsSync(report.backup!.path)).toBe(true);
    expect(report.logs.rotated).toHaveLength(1);
    expect(statSync(logFile).size).toBe(0);
    expect(statSync(report.logs.rotated[0]!).size).toBeGreaterThan(0);
    expect(report.checkpoint.busy).toBe(false);

    const second = await maintainer.maintenance.run(MaintenanceRequest.parse({ rotateLogBytes: 1_000_000, keepBackups: 1 }));
    expect(second.backup?.removedOld).toEqual([report.backup!.path]);
    expect(readdirSync(join(root, 'data', 'backups'))).toHaveLength(1);
    expect(second.logs.rotated).toEqual([]);

    // The backup is a working library: an engine opened on it answers the same question.
    const restored = join(root, 'restored');
    mkdirSync(restored);
    const { copyFileSync } = await import('node:fs');
    copyFileSync(second.backup!.path, join(restored, 'library.sqlite'));
    const fromBackup = createEngine({ dataDir: restored, logger: pino({ level: 'silent' }) });
    engines.push(fromBackup);
    expect(
      fromBackup.library
        .documents(DocumentFilter.parse({}))
        .map((d) => d.path)
        .sort(),
    ).toEqual(
      app.library
        .documents(DocumentFilter.parse({}))
        .map((d) => d.path)
        .sort(),
    );
  });
});
