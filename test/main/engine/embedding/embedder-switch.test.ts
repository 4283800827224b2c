import { SearchRequest } from '../../../../src-shared/schemas/search';
import { IngestRequest } from '../../../../src-shared/schemas/library';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import type { EventPayload } from '../../../../src-shared/contract';
import { tempDir } from '../../../helpers/temp';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai-server';

let ollama: FakeOllama;
let openai: FakeOpenAI;
beforeAll(async () => {
  // Each embedding request takes a while, so the switch is observably in progress.
  ollama = await startFakeOllama({ embedCost: { perRequestMs: 150, perTextMs: 0 } });
  openai = await startFakeOpenAI();
});
afterAll(async () => {
  await ollama.close();
  await openai.close();
});

const topics = [
  'pumps move water with impellers',
  'valves stop the flow of water',
  'turbines turn steam into power',
  'boilers heat water under pressure',
];

async function library(): Promise<Engine> {
  const data = tempDir();
  const engine = createEngine({
    dataDir: data,
    resumeJobs: false,
    logger: pino({ level: 'silent' }),
    environment: { OLLAMA_HOST: ollama.url, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${openai.url}/v1` },
  });
  afterEach(() => engine.close());
  const folder = join(data, 'docs');
  mkdirSync(folder);
  topics.forEach((topic, index) =>
    writeFileSync(
      join(folder, `doc-${index}.md`),
      `# Topic ${index}\n\nIn this plant, ${topic}. The note on ${topic.split(' ')[0]} ends here.\n`,
    ),
  );
  await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [folder], collection: 'plant' }))).jobId);
  return engine;
}

function waitFor(engine: Engine, state: string): Promise<EventPayload<'embedder.switch'>[]> {
  const seen: EventPayload<'embedder.switch'>[] = [];
  return new Promise((resolve) => {
    const stop = engine.events.on('embedder.switch', (progress) => {
      seen.push(progress);
      if (progress.state === state || progress.state === 'failed') {
        stop();
        resolve(seen);
      }
    });
  });
}

describe('switching the embedder', () => {
  it('builds the Ollama index in the background while queries use the old one, then switches', async () => {
    const engine = await library();
    const before = engine.library.stats().embedder;
    expect(before).toMatch(/^builtin-lsa/);
    const finished = waitFor(engine, 'active');
    const started = await engine.providers.switchEmbedder('ollama:nomic-embed-text');
    expect(started).toMatchObject({ embedderId: 'ollama:nomic-embed-text', state: 'building' });

    // While the model embeds, the library still answers from the built-in index.
    expect(engine.library.stats().embedder).toBe(before);
    const during = await engine.search.query(SearchRequest.parse({ query: 'valves stop water', mode: 'dense', limit: 2 }));
    expect(during.hits[0]!.text).toContain('valves');

    const progress = await finished;
    expect(progress.at(-1)).toMatchObject({ state: 'active', done: 4, total: 4, error: null });
    expect(engine.library.stats().embedder).toBe('ollama:nomic-embed-text');
    const batches = ollama.received('/api/embed').map((r) => (r.body as { input: string[] }).input.length);
    expect(batches.slice(0, 2)).toEqual([1, 4]);

    const embedsBefore = ollama.received('/api/embed').length;
    const after = await engine.search.query(SearchRequest.parse({ query: 'turbines steam power', mode: 'dense', limit: 2 }));
    expect(after.hits[0]!.text).toContain('turbines');
    expect(ollama.received('/api/embed')).toHaveLength(embedsBefore + 1);
  });

  it('embeds new passages with the chosen model after the switch', async () => {
    const engine = await library();
    const finished = waitFor(engine, 'active');
    await engine.providers.switchEmbedder('ollama:nomic-embed-text');
    await finished;
    const extra = join(engine.library.location.dataDir, 'extra.md');
    writeFileSync(extra, '# Cooling\n\nCooling towers reject heat to the air.\n');
    await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [extra], collection: 'plant' }))).jobId);
    expect(engine.library.stats().embedder).toBe('ollama:nomic-embed-text');
    const found = await engine.search.query(SearchRequest.parse({ query: 'cooling towers reject heat', mode: 'dense', limit: 1 }));
    expect(found.hits[0]!.path).toBe(extra);
  });

  it('refuses a remote embedder while a collection is private, without contacting it', async () => {
    const engine = await library();
    engine.settings.set('openai.enabled', true);
    engine.library.setCollectionPrivate('plant', true);
    await expect(engine.providers.switchEmbedder('openai:text-embedding-3-small')).rejects.toMatchObject({ code: 'privacy-blocked' });
    expect(openai.requests).toHaveLength(0);
  });
});
