import type { ChatMessage } from '../providers/chat-provider';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { SearchHit } from '../../../src-shared/schemas/search';

/** The prompt templates, read from plain files in `prompts/` so they can be read and changed without code. */
export interface PromptTemplates {
  readonly system: string;
  readonly query: string;
  readonly response: string;
  readonly passage: string;
}

/** One earlier exchange of the conversation. */
export interface ConversationTurn {
  readonly question: string;
  readonly answer: string;
}

const placeholders: Record<keyof PromptTemplates, readonly string[]> = {
  system: [],
  query: ['question', 'passages', 'passageCount'],
  response: ['maxWords'],
  passage: ['n', 'source', 'text'],
};

/** The repository's `prompts/` folder, found from this file's place in the source tree. */
export function defaultPromptsDir(): string {
  return new URL('../../../prompts/', import.meta.url).pathname;
}

/** Reads the templates and checks each names only the placeholders it is rendered with. */
export function loadPromptTemplates(dir: string = defaultPromptsDir()): PromptTemplates {
  const read = (name: keyof PromptTemplates): string => {
    let text: string;
    try {
      text = readFileSync(join(dir, `${name}.txt`), 'utf8').trimEnd();
    } catch (error) {
      throw new AppError('not-found', `The prompt template ${name}.txt is missing from ${dir}.`, { cause: String(error) });
    }
    for (const match of text.matchAll(/\{\{(\w+)\}\}/g)) {
      if (!placeholders[name].includes(match[1]!)) {
        throw new AppError(
          'validation',
          `The prompt template ${name}.txt uses {{${match[1]}}}, which is not one of: ${placeholders[name].join(', ') || 'none'}.`,
        );
      }
    }
    return text;
  };
  return { system: read('system'), query: read('query'), response: read('response'), passage: read('passage') };
}

/**
 * Fills `{{name}}` placeholders in one pass, so a value that itself contains `{{…}}` stays as text.
 * Written by hand: a template engine would add escaping rules and logic these plain files must not have.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * Makes document text unable to close its data block or open another: the delimiter's angle-bracket
 * runs are replaced by look-alike characters a model reads the same but a parser does not match.
 */
export function neutralizeDelimiters(text: string): string {
  return text.replace(/<{3,}/g, (m) => '‹'.repeat(m.length)).replace(/>{3,}/g, (m) => '›'.repeat(m.length));
}

function sourceOf(hit: SearchHit): string {
  const parts = [hit.title ?? hit.path.split(/[\\/]/).pop() ?? hit.path];
  if (hit.page !== null) parts.push(`page ${hit.page}`);
  if (hit.headingPath.length > 0) parts.push(hit.headingPath.join(' > '));
  return neutralizeDelimiters(parts.join(', ').replace(/\s+/g, ' '));
}

/** Renders retrieved passages as numbered, delimited data blocks ([1] is the first hit). */
export function renderPassages(templates: PromptTemplates, hits: readonly SearchHit[]): string {
  return hits
    .map((hit, index) => renderTemplate(templates.passage, { n: index + 1, source: sourceOf(hit), text: neutralizeDelimiters(hit.text) }))
    .join('\n\n');
}

export interface PromptInput {
  readonly question: string;
  readonly hits: readonly SearchHit[];
  readonly history: readonly ConversationTurn[];
  readonly maxWords?: number;
}

/** The chat messages for one answer: system rules, earlier turns, then the question with its passages. */
export function buildChatMessages(templates: PromptTemplates, input: PromptInput): ChatMessage[] {
  const query = renderTemplate(templates.query, {
    question: input.question,
    passages: input.hits.length > 0 ? renderPassages(templates, input.hits) : '(no passages were found)',
    passageCount: input.hits.length,
  });
  const response = renderTemplate(templates.response, { maxWords: input.maxWords ?? 250 });
  return [
    { role: 'system', content: templates.system },
    ...input.history.flatMap((turn): ChatMessage[] => [
      { role: 'user', content: turn.question },
      { role: 'assistant', content: turn.answer },
    ]),
    { role: 'user', content: `${query}\n\n${response}` },
  ];
}
