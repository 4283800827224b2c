import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import { AskRequest } from '../../../../src-shared/schemas/answer';
import { IngestRequest, PassageRequest } from '../../../../src-shared/schemas/library';
import type { ChatTurn } from '../../../fakes/fake-common';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';
import { writeBusinessLibrary } from '../../../helpers/business-library';
import { tempDir } from '../../../helpers/temp';

/** A model that notes the first sentence of the first passage it is shown, and combines notes by joining them. */
function notingModel(messages: readonly ChatTurn[]): string {
  const prompt = messages.at(-1)!.content;
  const first = /<<<PASSAGE (\d+) BEGIN DATA[^\n]*>>>\n([\s\S]*?)\n<<<PASSAGE \1 END DATA>>>/.exec(prompt);
  if (first) {
    const body = first[2]!.split('\n\n').find((block) => /[.!?]$/.test(block.trim())) ?? first[2]!;
    return `${body.trim().split(/(?<=\.)\s/)[0]} [${first[1]}]`;
  }
  return [...prompt.matchAll(/^Part \d+:\n(?:[^:\n]*: )?(.+)$/gm)].map((m) => m[1]).join(' ');
}

let ollama: FakeOllama;
beforeAll(async () => {
  ollama = await startFakeOllama({
    models: [{ name: 'small:latest', parameterSize: '1B', family: 'llama', contextLength: 4096 }],
    answer: notingModel,
  });
});
afterAll(() => ollama.close());
afterEach(() => {
  ollama.requests.length = 0;
});

async function businessLibrary(ollamaHost = 'http://127.0.0.1:9'): Promise<Engine> {
  const data = tempDir();
  const engine = createEngine({
    dataDir: data,
    resumeJobs: false,
    logger: pino({ level: 'silent' }),
    monitor: { sample: false },
    environment: { OLLAMA_HOST: ollamaHost },
    resilience: { backoffInitialMs: 5, backoffMaxMs: 10, maxRetries: 0 },
  });
  afterEach(() => engine.close());
  const folder = join(data, 'docs');
  await writeBusinessLibrary(folder);
  await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [folder], collection: 'business' }))).jobId);
  return engine;
}

const fileOf = (path: string) => path.split('/').pop();

describe('questions about whole documents, with no model', () => {
  it('summarises the agreement section by section, in order, citing the document', async () => {
    const engine = await businessLibrary();
    const result = await engine.answers.ask(AskRequest.parse({ question: 'Summarize the agreement' })).done;
    expect(result.route.provider).toBe('extractive');
    expect(result.noAnswer).toBe(false);
    const lines = result.answer.split('\n');
    expect(lines[0]).toBe('Summary of services-agreement.docx:');
    const order = ['Term', 'Services', 'Termination for convenience', 'Fees'].map((s) => result.answer.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(result.answer).toContain("Either party may terminate this agreement for convenience by giving ninety (90) days' written notice");
    expect(result.citations.length).toBeGreaterThanOrEqual(3);
    for (const citation of result.citations) {
      expect(fileOf(citation.path)).toBe('services-agreement.docx');
      expect(engine.library.passage(PassageRequest.parse({ chunkId: citation.chunkId, contextChars: 0 })).text).toContain(citation.text);
    }
  });

  it('puts the 2022 and 2023 reports side by side, and answers how revenue changed', async () => {
    const engine = await businessLibrary();
    const compared = await engine.answers.ask(AskRequest.parse({ question: 'Compare the 2022 and 2023 reports' })).done;
    expect(compared.answer).toContain('- Annual report 2022: The operating margin was 9.2% in 2022');
    expect(compared.answer).toContain('- Annual report 2023: The operating margin fell from 9.2% to 7.6% in 2023');
    expect(new Set(compared.citations.map((c) => fileOf(c.path)))).toEqual(new Set(['annual-report-2022.md', 'annual-report-2023.md']));

    const revenue = await engine.answers.ask(AskRequest.parse({ question: 'How did revenue change between 2022 and 2023?' })).done;
    expect(revenue.answer.split('\n')).toEqual([
      'revenue: Annual report 2022 and Annual report 2023 side by side',
      '- Annual report 2022: Revenue rose to £41.2 million in 2022, up 6% on 2021, as two new regional contracts started. [1]',
      '- Annual report 2023: Revenue grew to £44.0 million in 2023, up 7% on 2022, driven by the Leeds depot. [2]',
    ]);
  });

  it('answers the issue’s ordinary questions from the right sentence, and abstains on what the library does not hold', async () => {
    const engine = await businessLibrary();
    const margin = await engine.answers.ask(AskRequest.parse({ question: 'What was the operating margin in 2023, and why did it fall?' }))
      .done;
    expect(margin.answer).toMatch(/^The operating margin fell from 9\.2% to 7\.6% in 2023, mainly because of higher diesel prices/);
    expect(fileOf(margin.citations[0]!.path)).toBe('annual-report-2023.md');
    const notice = await engine.answers.ask(
      AskRequest.parse({ question: 'How much notice is needed to terminate the agreement for convenience?' }),
    ).done;
    expect(notice.answer).toContain('ninety (90) days');
    const overtime = await engine.answers.ask(AskRequest.parse({ question: 'What do the site visit notes say about overtime at Leeds?' }))
      .done;
    expect(overtime.answer).toMatch(/^Overtime at Leeds averaged 14 hours per driver per month/);
    const unknown = await engine.answers.ask(AskRequest.parse({ question: 'Who is the chief executive of Northway Logistics?' })).done;
    expect(unknown.noAnswer).toBe(true);
  });

  it('answers a summary of a document the library does not have like any other question', async () => {
    const engine = await businessLibrary();
    const result = await engine.answers.ask(AskRequest.parse({ question: 'Summarize the 2019 lease' })).done;
    expect(result.answer).not.toMatch(/^Summary of/);
  });
});

describe('questions about whole documents, with a model', () => {
  it('map-reduces a document larger than the model’s window, citing passages of the document', async () => {
    const engine = await businessLibrary(ollama.url);
    const folder = join(engine.library.location.dataDir, 'docs');
    const sections = Array.from(
      { length: 30 },
      (_, i) =>
        `## Procedure ${i + 1}\n\n` +
        Array.from(
          { length: 12 },
          (_, j) => `Step ${j + 1} of procedure ${i + 1} checks the depot equipment and logs the result in the register.`,
        ).join(' '),
    );
    writeFileSync(join(folder, 'operations-handbook.md'), `# Operations handbook\n\n${sections.join('\n\n')}\n`);
    await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [folder], collection: 'business' }))).jobId);
    ollama.requests.length = 0;
    const result = await engine.answers.ask(AskRequest.parse({ question: 'Summarize the operations handbook' })).done;
    expect(result.route).toMatchObject({ provider: 'ollama', model: 'small' });
    const chats = ollama.requests.filter((r) => r.path === '/api/chat');
    expect(chats.length).toBeGreaterThan(2);
    expect(result.answer).toMatch(/^Step 1 of procedure 1 checks the depot equipment/);
    expect(result.citations.length).toBeGreaterThan(1);
    for (const citation of result.citations) expect(fileOf(citation.path)).toBe('operations-handbook.md');
    expect(result.usage!.promptTokens).toBeGreaterThan(0);
  });
});
