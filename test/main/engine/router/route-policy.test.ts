import { describe, expect, it } from 'vitest';
import { decideRoute, type RouteInput } from '../../../../src-main/engine/router/route-policy';
import { describeModel } from '../../../../src-main/engine/providers/model-catalog';
import { assessComplexity } from '../../../../src-main/engine/router/complexity';

const llama = describeModel('ollama', 'llama3.2', { parameterSize: '3.2B', contextLength: 8192 });
const qwen = describeModel('ollama', 'qwen2.5:14b', { parameterSize: '14.8B', contextLength: 32768 });
const mini = describeModel('openai', 'gpt-4o-mini');
const gpt4o = describeModel('openai', 'gpt-4o');

const base: RouteInput = {
  question: 'What is the notice period?',
  promptTokens: 1500,
  answerTokens: 400,
  collections: [{ name: 'default', private: false }],
  libraryPrivate: false,
  offline: false,
  remoteEnabled: true,
  models: [llama, qwen, mini, gpt4o],
  health: { ollama: { state: 'healthy', firstTokenMs: 200 }, openai: { state: 'healthy', firstTokenMs: 400 } },
  budget: { dailyUsd: 1, spentTodayUsd: 0 },
  latencyTargetMs: 3000,
};

const order = (input: RouteInput) => decideRoute(input).candidates.map((c) => `${c.provider}:${c.model}`);

describe('decideRoute', () => {
  it('sends a simple question to the small local model first and keeps the extractive answer last', () => {
    expect(order(base)).toEqual([
      'ollama:llama3.2',
      'ollama:qwen2.5:14b',
      'openai:gpt-4o-mini',
      'openai:gpt-4o',
      'extractive:quarry-extractive',
    ]);
  });

  it('sends a comparison to the largest allowed model', () => {
    const decision = decideRoute({
      ...base,
      question: 'Compare the termination clauses of the two contracts and explain why they differ.',
    });
    expect(decision.complexity.level).toBe('complex');
    expect(decision.candidates[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    expect(decision.candidates[0]!.reason).toMatch(/^OpenAI gpt-4o: complex question \(a comparison/);
  });

  it('never routes a private collection to a remote model, and says so', () => {
    const decision = decideRoute({
      ...base,
      question: 'Summarize and compare the indemnity terms.',
      collections: [{ name: 'contracts', private: true }],
    });
    expect(decision.candidates.every((c) => c.provider !== 'openai')).toBe(true);
    expect(decision.candidates[0]!.reason).toMatch(/^Ollama qwen2\.5:14b: collection 'contracts' is private/);
    expect(decision.rejected.filter((r) => r.provider === 'openai').map((r) => r.reason)).toEqual([
      "collection 'contracts' is private",
      "collection 'contracts' is private",
    ]);
  });

  it.each([
    ['offline mode', { offline: true }, 'offline mode is on'],
    ['a private library', { libraryPrivate: true }, 'the library is private'],
    ['OpenAI not turned on', { remoteEnabled: false }, 'OpenAI is not turned on'],
  ] as const)('forbids remote models under %s', (_name, change, reason) => {
    const decision = decideRoute({ ...base, question: 'Compare A and B', ...change });
    expect(decision.candidates.map((c) => c.provider)).not.toContain('openai');
    expect(decision.rejected.find((r) => r.provider === 'openai')?.reason).toBe(reason);
  });

  it('keeps privacy above the per-question override', () => {
    const decision = decideRoute({ ...base, override: 'openai:gpt-4o', collections: [{ name: 'hr', private: true }] });
    expect(decision.candidates[0]!.provider).toBe('ollama');
    expect(decision.rejected).toContainEqual({
      provider: 'openai',
      model: 'gpt-4o',
      reason: "you asked for it, but collection 'hr' is private",
    });
  });

  it('puts the overridden model first when allowed', () => {
    const decision = decideRoute({ ...base, override: 'openai:gpt-4o-mini' });
    expect(decision.candidates[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(decision.candidates[0]!.reason).toContain('you chose it for this question');
    expect(order({ ...base, override: 'extractive' })).toEqual(['extractive:quarry-extractive']);
    expect(decideRoute({ ...base, override: 'ollama:nope' }).rejected[0]!.reason).toMatch(/not available/);
  });

  it('skips models whose window cannot hold the prompt', () => {
    const decision = decideRoute({ ...base, promptTokens: 9000 });
    expect(order({ ...base, promptTokens: 9000 })[0]).toBe('ollama:qwen2.5:14b');
    expect(decision.rejected).toContainEqual({
      provider: 'ollama',
      model: 'llama3.2',
      reason: 'needs about 9400 tokens but its window is 8192',
    });
  });

  it('skips paid models past the daily budget', () => {
    const decision = decideRoute({ ...base, question: 'Compare A and B', budget: { dailyUsd: 1, spentTodayUsd: 0.9999 } });
    expect(decision.candidates.map((c) => c.model)).not.toContain('gpt-4o');
    expect(decision.rejected.find((r) => r.model === 'gpt-4o')?.reason).toMatch(/daily budget \(\$1\.00 of \$1\.00 spent\)/);
    expect(order({ ...base, budget: { dailyUsd: 0, spentTodayUsd: 0 } })).not.toContain('openai:gpt-4o-mini');
  });

  it('skips providers with an open circuit or no connection, and demotes degraded or slow ones', () => {
    expect(order({ ...base, health: { ...base.health, ollama: { state: 'open', firstTokenMs: null } } })[0]).toBe('openai:gpt-4o-mini');
    expect(order({ ...base, health: { ...base.health, ollama: { state: 'unreachable', firstTokenMs: null } } })).not.toContain(
      'ollama:llama3.2',
    );
    expect(order({ ...base, health: { ...base.health, ollama: { state: 'degraded', firstTokenMs: 200 } } })[0]).toBe('openai:gpt-4o-mini');
    const slow = decideRoute({ ...base, health: { ...base.health, ollama: { state: 'healthy', firstTokenMs: 9000 } } });
    expect(slow.candidates[0]!.provider).toBe('openai');
    expect(slow.candidates.find((c) => c.model === 'llama3.2')!.reason).toMatch(/9000 ms, over the 3000 ms target/);
  });

  it('answers extractively when no model is available, naming why', () => {
    const decision = decideRoute({ ...base, models: [llama], health: { ollama: { state: 'unreachable', firstTokenMs: null } } });
    expect(decision.candidates).toHaveLength(1);
    expect(decision.candidates[0]!.reason).toBe(
      'Extractive answer: no language model can answer (Ollama llama3.2 not reachable), so the answer quotes your documents',
    );
    expect(decideRoute({ ...base, models: [] }).candidates[0]!.reason).toMatch(/no language model is set up/);
  });

  it('prefers the model chosen in settings among equals', () => {
    const small = describeModel('ollama', 'phi3:mini', { parameterSize: '3.8B' });
    expect(order({ ...base, models: [llama, small], preferred: { ollama: 'phi3:mini' } })[0]).toBe('ollama:phi3:mini');
  });

  it('depends only on its input', () => {
    expect(decideRoute(base)).toEqual(decideRoute(structuredClone(base)));
  });
});

describe('assessComplexity', () => {
  it.each([
    ['What is the notice period?', 'simple'],
    ['Why was the contract terminated?', 'moderate'],
    ['Summarize the report.', 'complex'],
    ['What is X? And what is Y?', 'moderate'],
    ['How does the pump work versus the valve?', 'complex'],
  ])('%s → %s', (question, level) => {
    expect(assessComplexity(question).level).toBe(level);
  });
});

describe('decideRoute, explaining the extractive answer', () => {
  it('names why providers offer no model', () => {
    const decision = decideRoute({
      ...base,
      models: [],
      unavailable: ['Ollama is not reachable at http://127.0.0.1:11434', 'OpenAI is not turned on'],
    });
    expect(decision.candidates[0]!.reason).toBe(
      'Extractive answer: no language model is set up (Ollama is not reachable at http://127.0.0.1:11434; OpenAI is not turned on), so the answer quotes the best sentences of your documents',
    );
  });
});
