import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { streams, type StreamEvent } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { AnswerResult, Citation } from '../../src-shared/schemas/answer';
import { startContractStream, type StreamDeps } from './streams';

/** The part of OpenAI's chat request Quarry reads; other fields (temperature, tools…) are accepted and ignored. */
export const ChatCompletionRequest = z.looseObject({
  model: z.string().max(200).default('quarry'),
  messages: z
    .array(
      z.looseObject({
        role: z.string(),
        content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() })), z.null()]).optional(),
      }),
    )
    .min(1),
  stream: z.boolean().default(false),
});
export type ChatCompletionRequest = z.output<typeof ChatCompletionRequest>;

/** The question is the last user message; earlier turns are not used (answers come from the library). */
export function questionOf(request: ChatCompletionRequest): string {
  const message = request.messages.findLast((m) => m.role === 'user');
  const content = message?.content;
  const text =
    typeof content === 'string' ? content : (content ?? []).map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('\n');
  if (text.trim().length === 0) throw new AppError('validation', 'messages: the conversation needs a user message with text.');
  return text.trim();
}

/** `quarry` asks the whole library; `quarry:<collection>` only that collection. */
export function collectionOf(model: string): string | undefined {
  return model.startsWith('quarry:') && model.length > 'quarry:'.length ? model.slice('quarry:'.length) : undefined;
}

/** The sources as text after the answer, numbered like the [n] marks inside it. */
export function sourcesText(citations: readonly Citation[]): string {
  if (citations.length === 0) return '';
  const lines = citations.map(
    (c) => `[${c.n}] ${c.path}${c.page ? `, page ${c.page}` : ''} (chars ${c.start}–${c.end}, chunk ${c.chunkId})`,
  );
  return `\n\nSources:\n${lines.join('\n')}`;
}

function completion(id: string, model: string, created: number, result: AnswerResult) {
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: result.answer + sourcesText(result.citations), refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    citations: result.citations,
  };
}

function chunk(
  id: string,
  model: string,
  created: number,
  delta: Record<string, unknown>,
  finishReason: string | null,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  };
}

/** The one answer of a request: the stream `answer.ask` started through the contract, its events demultiplexed. */
function startAnswer(deps: OpenAiDeps, question: string, collection: string | undefined, signal?: AbortSignal) {
  const input = streams['answer.ask'].input.parse({ question, ...(collection ? { collection } : {}) });
  return startContractStream('answer.ask', input, deps, signal);
}

/** Waits for the terminal event: the result, or the answer's error as an `AppError`. */
async function finalAnswer(events: AsyncIterable<StreamEvent<'answer.ask'>>): Promise<AnswerResult> {
  for await (const event of events) {
    if (event.type === 'answer.done') return event.payload;
    if (event.type === 'answer.error') throw new AppError(event.payload.code, event.payload.message);
  }
  throw new AppError('cancelled', 'The answer was stopped.');
}

/** Server-sent events the way OpenAI streams them: `data: {chunk}` lines, then `data: [DONE]`. */
async function streamCompletion(
  reply: FastifyReply,
  deps: OpenAiDeps,
  request: ChatCompletionRequest,
  question: string,
  collection: string | undefined,
) {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const raw = reply.raw;
  const send = (value: unknown) => {
    if (!raw.writableEnded && !raw.destroyed) raw.write(`data: ${JSON.stringify(value)}\n\n`);
  };
  const consumer = new AbortController();
  const { started, events } = startAnswer(deps, question, collection, consumer.signal);
  try {
    await started;
  } catch (error) {
    events.close();
    throw error;
  }
  reply.hijack();
  raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  raw.on('close', () => consumer.abort());
  send(chunk(id, request.model, created, { role: 'assistant', content: '' }, null));
  try {
    for await (const event of events) {
      if (event.type === 'answer.token') send(chunk(id, request.model, created, { content: event.payload.delta }, null));
      else if (event.type === 'answer.done') {
        const sources = sourcesText(event.payload.citations);
        if (sources) send(chunk(id, request.model, created, { content: sources }, null));
        send(chunk(id, request.model, created, {}, 'stop', { citations: event.payload.citations }));
      } else {
        const { code, message } = event.payload;
        send({ error: { message, type: code, code } });
      }
    }
  } finally {
    if (!raw.writableEnded) raw.end('data: [DONE]\n\n');
  }
}

/** What the OpenAI-compatible routes need: the stream adapters' needs, and the collections (for `/v1/models`). */
export interface OpenAiDeps extends StreamDeps {
  collections(): readonly { readonly name: string }[];
}

/**
 * An OpenAI-compatible endpoint, so tools that speak OpenAI can use Quarry as a "model": the last user
 * message is the question, the reply is the library's answer with its sources. The API key these
 * tools send is the server token (`Authorization: Bearer`), checked like every other API call.
 */
export function registerOpenAiRoutes(app: FastifyInstance, deps: OpenAiDeps): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const body = ChatCompletionRequest.parse(request.body ?? {});
    const question = questionOf(body);
    const collection = collectionOf(body.model);
    if (body.stream) return streamCompletion(reply, deps, body, question, collection);
    const created = Math.floor(Date.now() / 1000);
    const { started, events } = startAnswer(deps, question, collection);
    await started.catch((error: unknown) => {
      events.close();
      throw error;
    });
    const result = await finalAnswer(events);
    return completion(`chatcmpl-${result.answerId}`, body.model, created, result);
  });

  app.get('/v1/models', async () => {
    const created = Math.floor(Date.now() / 1000);
    const models = ['quarry', ...deps.collections().map((c) => `quarry:${c.name}`)];
    return { object: 'list', data: models.map((id) => ({ id, object: 'model', created, owned_by: 'quarry' })) };
  });
}
