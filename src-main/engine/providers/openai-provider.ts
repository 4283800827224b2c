import OpenAI from 'openai';
import type { ModelInfo } from '../../../src-shared/schemas/providers';
import { describeModel, type CatalogOverrides } from './model-catalog';
import type { ChatProvider, ChatUsage } from './chat-provider';
import { classifyProviderError, ProviderFailure } from './provider-errors';

export const defaultOpenAIBaseUrl = 'https://api.openai.com/v1';

export interface OpenAIProviderOptions {
  readonly apiKey: string;
  readonly baseUrl: string;
  /** Chat models to offer when the server lists many (OpenAI lists dozens). */
  readonly chatModels: readonly string[];
  readonly embedModel: string;
  readonly overrides?: CatalogOverrides;
}

/** OpenAI (or any compatible server) through the official `openai` client: SSE-streamed chat, embeddings, models. */
export function createOpenAIProvider(options: OpenAIProviderOptions): ChatProvider {
  let made: OpenAI | null = null;
  // Made on first use: the client refuses to exist without a key, and a provider without one is
  // still listed (turned off) in the status.
  const client = (): OpenAI => {
    if (!options.apiKey) throw new ProviderFailure('openai', 'client', 'No OpenAI API key is set (OPENAI_API_KEY or openai.apiKey).');
    // Retries and timeouts are ours (cockatiel, per provider), so the client's own are off.
    made ??= new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, timeout: 600_000, logLevel: 'off' });
    return made;
  };

  async function call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw classifyProviderError('openai', error);
    }
  }

  return {
    id: 'openai',
    endpoint: options.baseUrl,
    listModels: (signal) =>
      call(async () => {
        const listed: ModelInfo[] = [];
        for await (const model of client().models.list({ signal })) {
          if (options.chatModels.includes(model.id) || model.id === options.embedModel) {
            listed.push(describeModel('openai', model.id, {}, options.overrides));
          }
        }
        return listed;
      }),
    version: async () => null,
    chat: (request, callbacks) =>
      call(async () => {
        const stream = await client().chat.completions.create(
          {
            model: request.model,
            messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
            stream: true,
            stream_options: { include_usage: true },
            ...(request.maxTokens ? { max_completion_tokens: request.maxTokens } : {}),
          },
          { signal: callbacks.signal },
        );
        callbacks.onConnected();
        let text = '';
        let usage: ChatUsage | null = null;
        let finished = false;
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const delta = choice?.delta?.content ?? '';
          if (delta) {
            text += delta;
            callbacks.onToken(delta);
          }
          if (choice?.finish_reason) finished = true;
          if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
        }
        // The client ends the iteration quietly when aborted; say so instead of returning a cut answer.
        callbacks.signal.throwIfAborted();
        if (!finished) throw new ProviderFailure('openai', 'dropped', 'OpenAI closed the stream before the answer was complete.');
        return { text, usage };
      }),
    embed: (model, texts, signal) =>
      call(async () => {
        const response = await client().embeddings.create({ model, input: [...texts] }, { signal });
        if (response.data.length !== texts.length) {
          throw new ProviderFailure('openai', 'malformed', `OpenAI returned ${response.data.length} embeddings for ${texts.length} texts.`);
        }
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        return { vectors: ordered.map((d) => Float32Array.from(d.embedding)), tokens: response.usage?.prompt_tokens ?? 0 };
      }),
  };
}
