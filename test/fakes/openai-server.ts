import type { ServerResponse } from 'node:http';
import {
  countTokens,
  hashEmbedding,
  quoteFirstPassage,
  startFakeServer,
  streamPieces,
  tokenPieces,
  type Answerer,
  type ChatTurn,
  type FakeServerBase,
  type Fault,
} from './fake-common';

export interface FakeOpenAIOptions {
  readonly models?: readonly string[];
  readonly apiKey?: string;
  readonly embedDimensions?: number;
  readonly answer?: Answerer;
}

export type FakeOpenAI = FakeServerBase;

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
}

function errorBody(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

function sendFault(response: ServerResponse, fault: Fault): boolean {
  if (fault.malformed) {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.end('data: {"id":"chatcmpl-bad","choices":[{"delta":{"content":\n\n');
    return true;
  }
  if (!fault.status) return false;
  const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
  if (fault.status === 429)
    sendJson(response, 429, errorBody('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), headers);
  else sendJson(response, fault.status, errorBody('The server had an error while processing your request.', 'server_error'), headers);
  return true;
}

/** Float32 little-endian bytes in base64, as the API returns with `encoding_format: "base64"`. */
function base64Floats(values: readonly number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}

/**
 * A fake OpenAI-compatible server (`/v1/models`, `/v1/embeddings`, `/v1/chat/completions` with SSE
 * streaming and usage) on a free loopback port; checks the bearer key like the real one.
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'];
  const apiKey = options.apiKey ?? 'sk-test';
  const answer = options.answer ?? quoteFirstPassage;
  const dimensions = options.embedDimensions ?? 64;

  return startFakeServer(async (request, response, fault) => {
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(response, 401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    if (fault && sendFault(response, fault)) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const unknownModel = (name: unknown) =>
      sendJson(
        response,
        404,
        errorBody(
          `The model \`${String(name)}\` does not exist or you do not have access to it.`,
          'invalid_request_error',
          'model_not_found',
        ),
      );
    switch (`${request.method} ${request.path}`) {
      case 'GET /v1/models':
        return sendJson(response, 200, {
          object: 'list',
          data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'system' })),
        });
      case 'POST /v1/embeddings': {
        if (!models.includes(String(body.model))) return unknownModel(body.model);
        const input = typeof body.input === 'string' ? [body.input] : (body.input as string[]);
        const base64 = body.encoding_format === 'base64';
        const tokens = input.reduce((sum, text) => sum + countTokens(text), 0);
        return sendJson(response, 200, {
          object: 'list',
          model: body.model,
          data: input.map((text, index) => {
            const vector = hashEmbedding(text, dimensions);
            return { object: 'embedding', index, embedding: base64 ? base64Floats(vector) : vector };
          }),
          usage: { prompt_tokens: tokens, total_tokens: tokens },
        });
      }
      case 'POST /v1/chat/completions': {
        if (!models.includes(String(body.model))) return unknownModel(body.model);
        const messages = (body.messages ?? []) as ChatTurn[];
        const text = answer(messages, String(body.model));
        const pieces = tokenPieces(text);
        const usage = { prompt_tokens: messages.reduce((sum, m) => sum + countTokens(m.content), 0), completion_tokens: pieces.length };
        const totals = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
        const base = {
          id: 'chatcmpl-fake',
          object: 'chat.completion.chunk',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          system_fingerprint: 'fp_fake',
        };
        if (!body.stream) {
          return sendJson(response, 200, {
            ...base,
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
            usage: totals,
          });
        }
        response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
        const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
        response.write(
          event({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }] }),
        );
        const completed = await streamPieces(response, pieces, fault, (piece) =>
          event({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null, logprobs: null }] }),
        );
        if (!completed) return;
        response.write(event({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }] }));
        const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
        if (includeUsage) response.write(event({ ...base, choices: [], usage: totals }));
        response.end('data: [DONE]\n\n');
        return;
      }
      default:
        return sendJson(response, 404, errorBody(`Invalid URL (${request.method} ${request.path})`, 'invalid_request_error'));
    }
  });
}
