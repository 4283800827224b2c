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

/** A model the fake's registry offers to `/api/pull`, with the sizes of its layers in bytes. */
export interface FakePullableModel extends FakeOllamaModel {
  readonly layers?: readonly number[];
}

export interface FakeOllamaOptions {
  readonly models?: readonly FakeOllamaModel[];
  /** What `/api/pull` can download (ollama.com's registry); a pulled model then shows in `/api/tags`. */
  readonly registry?: readonly FakePullableModel[];
  readonly version?: string;
  readonly embedDimensions?: number;
  readonly answer?: Answerer;
  /** Simulated model cost of /api/embed: a fixed part per request and a part per text. */
  readonly embedCost?: { readonly perRequestMs: number; readonly perTextMs: number };
}

export type FakeOllama = FakeServerBase;

const defaultRegistry: FakePullableModel[] = [
  {
    name: 'llama3.2:latest',
    parameterSize: '3.2B',
    family: 'llama',
    contextLength: 131072,
    layers: [2_019_377_376, 1_429, 7_711, 6_016, 96, 561],
  },
  {
    name: 'nomic-embed-text:latest',
    parameterSize: '137M',
    family: 'nomic-bert',
    contextLength: 2048,
    layers: [274_290_656, 11_357, 17, 420],
  },
  { name: 'qwen2.5:0.5b', parameterSize: '494M', family: 'qwen2', contextLength: 32768, layers: [397_807_936, 1_482, 11_343, 488] },
];

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
 * `/api/embed`, `/api/chat` and `/api/pull` with NDJSON streaming) on a free loopback port.
 */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  // Mutable: a successful pull adds its model, as the real server's model store does.
  const models: FakeOllamaModel[] = [...(options.models ?? defaultModels)];
  const registry = options.registry ?? defaultRegistry;
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
      case 'POST /api/pull':
        return pull(response, body, fault);
      default:
        return sendJson(response, 404, { error: '404 page not found' });
    }
  });

  /**
   * `/api/pull` as Ollama streams it: "pulling manifest", one line per layer with its digest, total
   * and completed bytes growing, "verifying sha256 digest", "writing manifest", "success". An unknown
   * model gets the real server's error line (HTTP 200, the stream has begun). Faults: delays between
   * lines (`tokenDelayMs`), a dropped connection after N lines (`dropAfterTokens`), an error status.
   */
  async function pull(response: ServerResponse, body: Record<string, unknown>, fault: Fault | null): Promise<void> {
    const requested = String(body.model ?? body.name ?? '');
    const wanted = requested.includes(':') ? requested : `${requested}:latest`;
    const entry = registry.find((candidate) => candidate.name === wanted);
    const lines: string[] = [JSON.stringify({ status: 'pulling manifest' })];
    if (!entry) lines.push(JSON.stringify({ error: 'pull model manifest: file does not exist' }));
    else {
      for (const [index, size] of (entry.layers ?? [1_000_000]).entries()) {
        const layer = digest(`${entry.name}#${index}`);
        const status = `pulling ${layer.slice(0, 12)}`;
        for (const step of [0, 1, 2, 3, 4]) {
          const completed = Math.round((size * step) / 4);
          lines.push(JSON.stringify({ status, digest: `sha256:${layer}`, total: size, ...(step > 0 ? { completed } : {}) }));
        }
      }
      lines.push(JSON.stringify({ status: 'verifying sha256 digest' }), JSON.stringify({ status: 'writing manifest' }));
      lines.push(JSON.stringify({ status: 'success' }));
    }
    if (body.stream === false) {
      if (!entry) return sendJson(response, 404, { error: 'pull model manifest: file does not exist' });
      install(entry);
      return sendJson(response, 200, { status: 'success' });
    }
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const completed = await streamPieces(response, lines, fault, (line) => `${line}\n`);
    if (!completed) return;
    if (entry) install(entry);
    response.end();
  }

  function install(entry: FakePullableModel): void {
    if (models.some((model) => model.name === entry.name)) return;
    models.push({
      name: entry.name,
      parameterSize: entry.parameterSize,
      ...(entry.family ? { family: entry.family } : {}),
      ...(entry.contextLength ? { contextLength: entry.contextLength } : {}),
    });
  }

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
