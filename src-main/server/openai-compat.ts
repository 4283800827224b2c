import { AskRequest } from '../../src-shared/schemas/answer';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError, toErrorValue } from '../../src-shared/errors';
import type { AnswerResult, Citation } from '../../src-shared/schemas/answer';
import type { Engine } from '../engine';

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

/** Server-sent events the way OpenAI streams them: `data: {chunk}` lines, then `data: [DONE]`. */
async function streamCompletion(
  reply: FastifyReply,
  engine: Engine,
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
  const started = engine.answers.ask(AskRequest.parse({ question, ...(collection ? { collection } : {}) }));
  // The first token follows an await inside the engine, so subscribing right after ask() misses none.
  const stop = engine.events.on('answer.token', (token) => {
    if (token.answerId === started.answerId) send(chunk(id, request.model, created, { content: token.delta }, null));
  });
  reply.hijack();
  raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  raw.on('close', () => engine.answers.cancel(started.answerId));
  send(chunk(id, request.model, created, { role: 'assistant', content: '' }, null));
  try {
    const result = await started.done;
    const sources = sourcesText(result.citations);
    if (sources) send(chunk(id, request.model, created, { content: sources }, null));
    send(chunk(id, request.model, created, {}, 'stop', { citations: result.citations }));
  } catch (error) {
    const value = toErrorValue(error);
    send({ error: { message: value.message, type: value.code, code: value.code } });
  } finally {
    stop();
    if (!raw.writableEnded) raw.end('data: [DONE]\n\n');
  }
}

/**
 * An OpenAI-compatible endpoint, so tools that speak OpenAI can use Quarry as a "model": the last user
 * message is the question, the reply is the library's answer with its sources. The API key these
 * tools send is the server token (`Authorization: Bearer`), checked like every other API call.
 */
export function registerOpenAiRoutes(app: FastifyInstance, engine: Engine): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const body = ChatCompletionRequest.parse(request.body ?? {});
    const question = questionOf(body);
    const collection = collectionOf(body.model);
    if (body.stream) return streamCompletion(reply, engine, body, question, collection);
    const created = Math.floor(Date.now() / 1000);
    const result = await engine.answers.ask(AskRequest.parse({ question, ...(collection ? { collection } : {}) })).done;
    return completion(`chatcmpl-${result.answerId}`, body.model, created, result);
  });

  app.get('/v1/models', async () => {
    const created = Math.floor(Date.now() / 1000);
    const models = ['quarry', ...engine.library.collections().map((c) => `quarry:${c.name}`)];
    return { object: 'list', data: models.map((id) => ({ id, object: 'model', created, owned_by: 'quarry' })) };
  });
}
