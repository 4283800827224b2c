import type { ServerResponse } from 'node:http';
import {
  countTokens,
  hashEmbedding,
  quoteFirstPassage,
  sleep,
  startFakeServer,
  streamPieces,
  tokenPieces,
  type Answerer,
  type ChatTurn,
  type FakeServerBase,
  type Fault,
} from './fake-common';

export interface FakeOllamaModel {
  readonly name: string;
  readonly parameterSize: string;
  readonly family?: string;
  readonly contextLength?: number;
}

export interface FakeOllamaOptions {
  readonly models?: readonly FakeOllamaModel[];
  readonly version?: string;
  readonly embedDimensions?: number;
  readonly answer?: Answerer;
  /** Simulated model cost of /api/embed: a fixed part per request and a part per text. */
  readonly embedCost?: { readonly perRequestMs: number; readonly perTextMs: number };
}

export type FakeOllama = FakeServerBase;

const defaultModels: FakeOllamaModel[] = [
  { name: 'llama3.2:latest', parameterSize: '3.2B', family: 'llama', contextLength: 131072 },
  { name: 'nomic-embed-text:latest', parameterSize: '137M', family: 'nomic-bert', contextLength: 2048 },
];

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(value));
}

function sendFault(response: ServerResponse, fault: Fault): boolean {
  if (fault.malformed) {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end('{"model":"llama3.2","message":{"role":"assist');
    return true;
  }
  if (fault.status) {
    const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    sendJson(
      response,
      fault.status,
      { error: fault.status === 429 ? 'too many requests' : 'llama runner process has terminated' },
      headers,
    );
    return true;
  }
  return false;
}

const digest = (name: string) => Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64);

/**
 * A fake Ollama server speaking the real HTTP API (`/api/tags`, `/api/show`, `/api/version`,
 * `/api/embed`, `/api/chat` with NDJSON streaming) on a free loopback port.
 */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const models = options.models ?? defaultModels;
  const answer = options.answer ?? quoteFirstPassage;
  const dimensions = options.embedDimensions ?? 64;
  const find = (name: unknown) => models.find((m) => m.name === name || m.name === `${String(name)}:latest`);
  const notFound = (response: ServerResponse, name: unknown) =>
    sendJson(response, 404, { error: `model "${String(name)}" not found, try pulling it first` });

  return startFakeServer(async (request, response, fault) => {
    if (fault && sendFault(response, fault)) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    switch (`${request.method} ${request.path}`) {
      case 'GET /api/version':
        return sendJson(response, 200, { version: options.version ?? '0.6.8' });
      case 'GET /api/tags':
        return sendJson(response, 200, {
          models: models.map((m) => ({
            name: m.name,
            model: m.name,
            modified_at: '2026-11-01T10:00:00.000Z',
            size: 2_019_393_189,
            digest: digest(m.name),
            details: {
              parent_model: '',
              format: 'gguf',
              family: m.family ?? 'llama',
              families: [m.family ?? 'llama'],
              parameter_size: m.parameterSize,
              quantization_level: 'Q4_K_M',
            },
          })),
        });
      case 'POST /api/show': {
        const model = find(body.model);
        if (!model) return notFound(response, body.model);
        const family = model.family ?? 'llama';
        return sendJson(response, 200, {
          modelfile: '',
          parameters: '',
          template: '{{ .Prompt }}',
          details: {
            parent_model: '',
            format: 'gguf',
            family,
            families: [family],
            parameter_size: model.parameterSize,
            quantization_level: 'Q4_K_M',
          },
          model_info: { 'general.architecture': family, [`${family}.context_length`]: model.contextLength ?? 8192 },
        });
      }
      case 'POST /api/embed': {
        const model = find(body.model);
        if (!model) return notFound(response, body.model);
        const input = typeof body.input === 'string' ? [body.input] : (body.input as string[]);
        if (options.embedCost) await sleep(options.embedCost.perRequestMs + options.embedCost.perTextMs * input.length);
        return sendJson(response, 200, {
          model: model.name,
          embeddings: input.map((text) => hashEmbedding(text, dimensions)),
          total_duration: 1_000_000,
          load_duration: 100_000,
          prompt_eval_count: input.reduce((sum, text) => sum + countTokens(text), 0),
        });
      }
      case 'POST /api/chat':
        return chat(response, body, fault);
      default:
        return sendJson(response, 404, { error: '404 page not found' });
    }
  });

  async function chat(response: ServerResponse, body: Record<string, unknown>, fault: Fault | null): Promise<void> {
    const model = find(body.model);
    if (!model) return notFound(response, body.model);
    const messages = (body.messages ?? []) as ChatTurn[];
    const text = answer(messages, model.name);
    const promptTokens = messages.reduce((sum, m) => sum + countTokens(m.content), 0);
    const pieces = tokenPieces(text);
    const now = () => new Date().toISOString();
    const final = {
      model: model.name,
      created_at: now(),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      total_duration: 5_000_000,
      load_duration: 1_000_000,
      prompt_eval_count: promptTokens,
      prompt_eval_duration: 1_000_000,
      eval_count: pieces.length,
      eval_duration: 3_000_000,
    };
    if (body.stream === false) {
      return sendJson(response, 200, { ...final, message: { role: 'assistant', content: text } });
    }
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const completed = await streamPieces(
      response,
      pieces,
      fault,
      (piece) =>
        `${JSON.stringify({ model: model.name, created_at: now(), message: { role: 'assistant', content: piece }, done: false })}\n`,
    );
    if (completed) response.end(`${JSON.stringify({ ...final, created_at: now() })}\n`);
  }
}
