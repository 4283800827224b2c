import type { SearchHit } from '../../../src-shared/schemas/search';
import { estimateTokens } from '../router/complexity';
import type { DocumentPlan } from './document-answering';
import { neutralizeDelimiters, renderTemplate, sourceOf, type PromptTemplates } from './prompts';
import type { ChatMessage } from '../providers/chat-provider';

/** One model call: the messages, and where its tokens go when they are shown as they come. */
export type ChatCall = (
  messages: readonly ChatMessage[],
  onToken: ((delta: string) => void) | null,
) => Promise<{ text: string; promptTokens: number; completionTokens: number }>;

export interface MapReduceInput {
  readonly question: string;
  readonly plan: DocumentPlan;
  readonly templates: PromptTemplates;
  /** The model's context window and the tokens its answer may take. */
  readonly contextTokens: number;
  readonly answerTokens: number;
}

export interface MapReduceOutcome {
  readonly text: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly calls: number;
}

/** Tokens a passage takes in a prompt, with its delimiters and source line. */
const passageTokens = (hit: SearchHit) => estimateTokens(hit.text) + 24;

/** Consecutive passages (indices into `hits`) in groups that each fit `budget` tokens; one passage per group at least. */
export function batchPassages(hits: readonly SearchHit[], budget: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let used = 0;
  hits.forEach((hit, index) => {
    const tokens = passageTokens(hit);
    // A batch never mixes two documents, so each note speaks for one document.
    const otherDocument = current.length > 0 && hits[current[0]!]!.documentId !== hit.documentId;
    if (current.length > 0 && (used + tokens > budget || otherDocument)) {
      batches.push(current);
      current = [];
      used = 0;
    }
    current.push(index);
    used += tokens;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Passages numbered as in the whole plan, so a note's [n] is the answer's [n]. */
function renderNumbered(templates: PromptTemplates, hits: readonly SearchHit[], indices: readonly number[]): string {
  return indices
    .map((i) => renderTemplate(templates.passage, { n: i + 1, source: sourceOf(hits[i]!), text: neutralizeDelimiters(hits[i]!.text) }))
    .join('\n\n');
}

function passagesMessages(templates: PromptTemplates, question: string, passages: string, count: number, maxWords: number): ChatMessage[] {
  const query = renderTemplate(templates.query, { question, passages, passageCount: count });
  return [
    { role: 'system', content: templates.system },
    { role: 'user', content: `${query}\n\n${renderTemplate(templates.response, { maxWords })}` },
  ];
}

function combineMessages(templates: PromptTemplates, question: string, notes: readonly string[], maxWords: number): ChatMessage[] {
  const rendered = notes.map((note, i) => `Part ${i + 1}:\n${neutralizeDelimiters(note)}`).join('\n\n');
  return [
    { role: 'system', content: templates.system },
    { role: 'user', content: renderTemplate(templates.combine, { question, notes: rendered, maxWords }) },
  ];
}

/**
 * A whole-document answer with a model: when the documents fit its window, one call over every
 * passage; otherwise map-reduce — notes on each window-sized part (cited with the plan's passage
 * numbers), then notes combined, again in window-sized groups, until one streamed call answers.
 */
export async function mapReduceAnswer(input: MapReduceInput, call: ChatCall, onToken: (delta: string) => void): Promise<MapReduceOutcome> {
  const { plan, templates, question } = input;
  const overhead = estimateTokens(templates.system) + estimateTokens(templates.query) + estimateTokens(templates.response) + 64;
  const budget = Math.max(256, input.contextTokens - input.answerTokens - overhead);
  const total = plan.hits.reduce((sum, hit) => sum + passageTokens(hit), 0);
  // Everything fits: one call over all passages, even across documents.
  const batches = total <= budget ? [plan.hits.map((_, i) => i)] : batchPassages(plan.hits, budget);
  const totals = { promptTokens: 0, completionTokens: 0, calls: 0 };
  const run = async (messages: ChatMessage[], stream: boolean) => {
    const outcome = await call(messages, stream ? onToken : null);
    totals.promptTokens += outcome.promptTokens;
    totals.completionTokens += outcome.completionTokens;
    totals.calls += 1;
    return outcome.text;
  };
  const all = batches.flat();
  if (batches.length === 1) {
    const text = await run(passagesMessages(templates, question, renderNumbered(templates, plan.hits, all), plan.hits.length, 300), true);
    return { text, ...totals };
  }
  const ask =
    plan.intent.kind === 'summary'
      ? `Summarize what these passages say, in order.`
      : `Note what these passages say that bears on: ${question}`;
  let notes: string[] = [];
  for (const batch of batches) {
    const label = plan.sides.find((side) => side.chunks.some((c) => c.chunkId === plan.hits[batch[0]!]!.chunkId))?.label ?? '';
    notes.push(
      `${label}: ${await run(passagesMessages(templates, ask, renderNumbered(templates, plan.hits, batch), batch.length, 120), false)}`,
    );
  }
  // Notes too long for one combining call are combined in groups first.
  while (notes.reduce((sum, note) => sum + estimateTokens(note) + 8, 0) > budget && notes.length > 1) {
    const groups: string[][] = [];
    let group: string[] = [];
    let used = 0;
    for (const note of notes) {
      const tokens = estimateTokens(note) + 8;
      if (group.length > 0 && used + tokens > budget) {
        groups.push(group);
        group = [];
        used = 0;
      }
      group.push(note);
      used += tokens;
    }
    groups.push(group);
    if (groups.length === notes.length) break;
    const combined: string[] = [];
    for (const part of groups) combined.push(await run(combineMessages(templates, ask, part, 200), false));
    notes = combined;
  }
  const text = await run(combineMessages(templates, question, notes, 300), true);
  return { text, ...totals };
}
