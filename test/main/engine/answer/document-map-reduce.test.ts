import { describe, expect, it } from 'vitest';
import type { DocumentPlan } from '../../../../src-main/engine/answer/document-answering';
import { batchPassages, mapReduceAnswer, type ChatCall } from '../../../../src-main/engine/answer/document-map-reduce';
import { loadPromptTemplates } from '../../../../src-main/engine/answer/prompts';
import type { ChatMessage } from '../../../../src-main/engine/providers/chat-provider';
import { hit } from '../../../helpers/hits';

const templates = loadPromptTemplates();
const words = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}${i}`).join(' ') + '.';

function plan(count: number, wordsEach: number): DocumentPlan {
  const chunks = Array.from({ length: count }, (_, i) => hit(i + 1, words(wordsEach, `w${i}x`), { documentId: 7 }));
  return { intent: { kind: 'summary', refs: ['report'] }, sides: [{ label: 'Report', chunks }], hits: chunks };
}

/** A model that notes the passage numbers it was shown, and records every call. */
function recordingModel() {
  const calls: { messages: readonly ChatMessage[]; streamed: boolean }[] = [];
  const call: ChatCall = async (messages, onToken) => {
    calls.push({ messages, streamed: onToken !== null });
    const prompt = messages.at(-1)!.content;
    const cited = [...new Set([...prompt.matchAll(/PASSAGE (\d+) BEGIN|\[(\d+)\]/g)].map((m) => m[1] ?? m[2]))];
    const text = `Points ${cited.map((n) => `[${n}]`).join('')}`;
    for (const piece of text.split(' ')) onToken?.(`${piece} `);
    return { text, promptTokens: 10, completionTokens: 5 };
  };
  return { call, calls };
}

describe('batchPassages', () => {
  it('groups consecutive passages within the budget, never splitting one, never mixing documents', () => {
    const hits = [
      hit(1, words(100, 'a')),
      hit(2, words(100, 'b')),
      hit(3, words(100, 'c'), { documentId: 99 }),
      hit(4, words(10, 'd'), { documentId: 99 }),
    ];
    const batches = batchPassages(
      hits.map((h, i) => (i < 2 ? { ...h, documentId: 1 } : h)),
      300,
    );
    expect(batches).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(batchPassages(hits, 10)).toEqual([[0], [1], [2], [3]]);
  });
});

describe('mapReduceAnswer', () => {
  it('answers in one streamed call when the documents fit the window', async () => {
    const model = recordingModel();
    const streamed: string[] = [];
    const outcome = await mapReduceAnswer(
      { question: 'Summarize the report', plan: plan(3, 50), templates, contextTokens: 8192, answerTokens: 512 },
      model.call,
      (d) => streamed.push(d),
    );
    expect(model.calls).toHaveLength(1);
    expect(outcome.text).toBe('Points [1][2][3]');
    expect(streamed.join('').trim()).toBe(outcome.text);
  });

  it('maps window-sized parts with the plan’s passage numbers, then streams only the combining call', async () => {
    const model = recordingModel();
    const streamed: string[] = [];
    const outcome = await mapReduceAnswer(
      { question: 'Summarize the report', plan: plan(12, 300), templates, contextTokens: 2048, answerTokens: 256 },
      model.call,
      (d) => streamed.push(d),
    );
    expect(model.calls.length).toBeGreaterThan(2);
    const maps = model.calls.filter((c) => c.messages.at(-1)!.content.includes('BEGIN DATA'));
    expect(maps.length).toBeGreaterThan(1);
    // Every passage went to exactly one map call, under its own number.
    const shown = maps.flatMap((c) => [...c.messages.at(-1)!.content.matchAll(/PASSAGE (\d+) BEGIN/g)].map((m) => Number(m[1])));
    expect(shown).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const map of maps) expect(map.messages.at(-1)!.content.length / 4).toBeLessThan(2048);
    expect(model.calls.filter((c) => c.streamed)).toHaveLength(1);
    expect(model.calls.at(-1)!.streamed).toBe(true);
    expect(model.calls.at(-1)!.messages.at(-1)!.content).toContain('Question: Summarize the report');
    expect(outcome.text).toMatch(/^Points (\[\d+\])+$/);
    expect(outcome.calls).toBe(model.calls.length);
    expect(outcome.promptTokens).toBe(10 * model.calls.length);
    expect(streamed.join('').trim()).toBe(outcome.text);
  });
});

describe('mapReduceAnswer across documents', () => {
  it('answers a comparison of two small documents in one call', async () => {
    const a = [hit(1, words(40, 'a'), { documentId: 1 })];
    const b = [hit(2, words(40, 'b'), { documentId: 2 })];
    const comparison: DocumentPlan = {
      intent: { kind: 'compare', refs: ['a', 'b'], topic: null },
      sides: [
        { label: 'A', chunks: a },
        { label: 'B', chunks: b },
      ],
      hits: [...a, ...b],
    };
    const model = recordingModel();
    const outcome = await mapReduceAnswer(
      { question: 'Compare A and B', plan: comparison, templates, contextTokens: 8192, answerTokens: 512 },
      model.call,
      () => undefined,
    );
    expect(model.calls).toHaveLength(1);
    expect(outcome.text).toBe('Points [1][2]');
  });
});
