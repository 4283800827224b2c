import { AuditFilter } from '../../../../src-shared/schemas/audit';
import { IngestRequest } from '../../../../src-shared/schemas/library';
import { AskRequest } from '../../../../src-shared/schemas/answer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import { isRemoteCall } from '../../../../src-main/engine/providers/remote-call';
import { tempDir } from '../../../helpers/temp';
import { startFakeOllama, type FakeOllama } from '../../../fakes/ollama-server';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai-server';
import { quoteFirstPassage } from '../../../fakes/fake-common';

let ollama: FakeOllama;
let openai: FakeOpenAI;
const engines: Engine[] = [];
beforeAll(async () => {
  ollama = await startFakeOllama({ answer: quoteFirstPassage });
  openai = await startFakeOpenAI({ answer: quoteFirstPassage });
});
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  ollama.clearFaults();
});
afterAll(async () => {
  await ollama.close();
  await openai.close();
});

async function library(openaiEnabled: boolean): Promise<Engine> {
  const data = tempDir();
  const engine = createEngine({
    dataDir: data,
    resumeJobs: false,
    logger: pino({ level: 'silent' }),
    environment: { OLLAMA_HOST: ollama.url, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${openai.url}/v1` },
    resilience: { backoffInitialMs: 5, backoffMaxMs: 10, maxRetries: 2 },
  });
  engines.push(engine);
  const folder = join(data, 'docs');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'lease.md'), '# Lease\n\nThe notice period of the office lease is three months. Rent is paid quarterly.\n');
  writeFileSync(join(folder, 'supply.md'), '# Supply\n\nThe supply contract renews every year unless cancelled.\n');
  await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [folder], collection: 'contracts' }))).jobId);
  if (openaiEnabled) engine.settings.set('openai.enabled', true);
  return engine;
}

const metricLine = (body: string, pattern: RegExp) => body.split('\n').find((line) => pattern.test(line));

describe('provider and router metrics, audit of text sent out', () => {
  it('audits a call to OpenAI with the bytes it carried, and counts requests, tokens and the route', async () => {
    const engine = await library(true);
    const result = await engine.answers.ask(
      AskRequest.parse({ question: 'Compare the notice period of the lease with the renewal of the supply contract.' }),
    ).done;
    expect(result.route.provider).toBe('openai');
    const [entry] = engine.monitor.audit.list(AuditFilter.parse({ action: 'provider.call' }));
    expect(entry).toMatchObject({
      action: 'provider.call',
      target: `openai:${result.route.model}`,
      details: { kind: 'chat', outcome: 'ok' },
    });
    const sent = openai.requests.find((request) => request.path.includes('/chat/completions'))!;
    const messages = (sent.body as { messages: { content: string }[] }).messages;
    expect(entry!.details.bytesSent).toBe(messages.reduce((sum, message) => sum + Buffer.byteLength(message.content), 0));

    const { body } = await engine.monitor.exposition();
    expect(metricLine(body, /^quarry_provider_requests_total\{provider="openai",kind="chat",outcome="ok"\}/)).toMatch(/ 1$/);
    expect(metricLine(body, /^quarry_provider_bytes_sent_total\{provider="openai"\}/)).toMatch(new RegExp(` ${entry!.details.bytesSent}$`));
    expect(metricLine(body, /^quarry_router_decisions_total\{target="openai:/)).toMatch(/ 1$/);
    expect(metricLine(body, /^quarry_router_decision_duration_seconds_count /)).toMatch(/ 1$/);
    expect(metricLine(body, /^quarry_retrieval_stage_duration_seconds_count\{stage="route"\}/)).toBeUndefined();
    expect(metricLine(body, /^quarry_answer_tokens_out_total\{provider="openai"/)).toMatch(
      new RegExp(` ${result.usage!.completionTokens}$`),
    );
  });

  it('keeps local Ollama calls out of the audit but counts their retries', async () => {
    const engine = await library(false);
    ollama.fail('/api/chat', { status: 503, times: 1 });
    const result = await engine.answers.ask(AskRequest.parse({ question: 'What is the notice period of the lease?' })).done;
    expect(result.route.provider).toBe('ollama');
    expect(engine.monitor.audit.list(AuditFilter.parse({ action: 'provider.call' }))).toEqual([]);
    const { body } = await engine.monitor.exposition();
    expect(metricLine(body, /^quarry_provider_retries_total\{provider="ollama"\}/)).toMatch(/ 1$/);
    expect(metricLine(body, /^quarry_provider_bytes_sent_total\{provider="ollama"\}/)).toBeUndefined();
  });

  it('audits settings changes, keeping secrets out of the log', async () => {
    const engine = await library(false);
    engine.settings.set('openai.apiKey', 'sk-live-0123456789abcdef');
    engine.settings.set('openai.enabled', true);
    engine.settings.set('openai.apiKey', null);
    const entries = engine.monitor.audit.list(AuditFilter.parse({ action: 'settings.change' }));
    expect(entries.map((entry) => [entry.target, entry.details.value])).toEqual([
      ['openai.apiKey', 'cleared'],
      ['openai.enabled', true],
      ['openai.apiKey', 'set (hidden)'],
    ]);
    expect(JSON.stringify(engine.monitor.audit.list(AuditFilter.parse({})))).not.toContain('0123456789abcdef');
  });

  it('treats OpenAI as remote always and Ollama only off this machine', () => {
    expect(isRemoteCall({ provider: 'openai', endpoint: 'http://127.0.0.1:9999/v1' })).toBe(true);
    expect(isRemoteCall({ provider: 'ollama', endpoint: 'http://127.0.0.1:11434' })).toBe(false);
    expect(isRemoteCall({ provider: 'ollama', endpoint: 'http://gpu-box.lan:11434' })).toBe(true);
  });
});
