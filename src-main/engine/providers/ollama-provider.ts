import { Ollama } from 'ollama';
import type { ModelInfo } from '../../../src-shared/schemas/providers';
import { describeModel, type CatalogOverrides } from './model-catalog';
import type { ChatProvider, ChatUsage } from './chat-provider';
import { classifyProviderError, ProviderFailure } from './provider-errors';

export const defaultOllamaHost = 'http://127.0.0.1:11434';

export interface OllamaProviderOptions {
  readonly host: string;
  readonly overrides?: CatalogOverrides;
}

/**
 * A client per call: the official client has no per-request signal, so its fetch is wrapped to add
 * ours and to see the response headers (Retry-After, which its errors drop).
 */
function clientFor(host: string, signal: AbortSignal, onResponse?: (response: Response) => void): Ollama {
  return new Ollama({
    host,
    fetch: async (input, init) => {
      const signals = init?.signal ? [signal, init.signal] : [signal];
      const response = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
      onResponse?.(response);
      return response;
    },
  });
}

/** Ollama through the official `ollama` client: models, version, NDJSON-streamed chat and batched embeddings. */
export function createOllamaProvider(options: OllamaProviderOptions): ChatProvider {
  const host = options.host;
  const contextLengths = new Map<string, number | null>();

  async function contextLength(client: Ollama, model: string): Promise<number | null> {
    if (contextLengths.has(model)) return contextLengths.get(model) ?? null;
    const shown = await client.show({ model });
    const info: Record<string, unknown> = Object.fromEntries(Object.entries(shown.model_info ?? {}));
    const key = Object.keys(info).find((k) => k.endsWith('.context_length'));
    const length = key && typeof info[key] === 'number' ? (info[key] as number) : null;
    contextLengths.set(model, length);
    return length;
  }

  async function call<T>(signal: AbortSignal, run: (client: Ollama) => Promise<T>): Promise<T> {
    let retryAfter: string | null = null;
    const client = clientFor(host, signal, (response) => {
      retryAfter = response.headers.get('retry-after');
    });
    try {
      return await run(client);
    } catch (error) {
      throw classifyProviderError('ollama', error, { retryAfter });
    }
  }

  return {
    id: 'ollama',
    endpoint: host,
    listModels: (signal) =>
      call(signal, async (client) => {
        const listed = await client.list();
        const models: ModelInfo[] = [];
        for (const entry of listed.models) {
          const name = entry.name.replace(/:latest$/, '');
          const length = await contextLength(client, entry.name);
          models.push(
            describeModel(
              'ollama',
              name,
              { parameterSize: entry.details?.parameter_size, family: entry.details?.family, ...(length ? { contextLength: length } : {}) },
              options.overrides,
            ),
          );
        }
        return models;
      }),
    version: (signal) => call(signal, async (client) => (await client.version()).version ?? null),
    async chat(request, callbacks) {
      return call(callbacks.signal, async (client) => {
        const stream = await client.chat({
          model: request.model,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          stream: true,
          options: {
            ...(request.contextTokens ? { num_ctx: request.contextTokens } : {}),
            ...(request.maxTokens ? { num_predict: request.maxTokens } : {}),
          },
        });
        callbacks.onConnected();
        const abort = () => stream.abort();
        callbacks.signal.addEventListener('abort', abort, { once: true });
        let text = '';
        let usage: ChatUsage | null = null;
        let done = false;
        try {
          for await (const part of stream) {
            const delta = part.message?.content ?? '';
            if (delta) {
              text += delta;
              callbacks.onToken(delta);
            }
            if (part.done) {
              done = true;
              usage = { promptTokens: part.prompt_eval_count ?? 0, completionTokens: part.eval_count ?? 0 };
            }
          }
        } finally {
          callbacks.signal.removeEventListener('abort', abort);
        }
        callbacks.signal.throwIfAborted();
        if (!done) throw new ProviderFailure('ollama', 'dropped', 'Ollama closed the stream before the answer was complete.');
        return { text, usage };
      });
    },
    embed: (model, texts, signal) =>
      call(signal, async (client) => {
        const response = await client.embed({ model, input: [...texts] });
        if (!Array.isArray(response.embeddings) || response.embeddings.length !== texts.length) {
          throw new ProviderFailure(
            'ollama',
            'malformed',
            `Ollama returned ${response.embeddings?.length ?? 0} embeddings for ${texts.length} texts.`,
          );
        }
        return { vectors: response.embeddings.map((v) => Float32Array.from(v)), tokens: response.prompt_eval_count ?? 0 };
      }),
  };
}
