import type { ModelInfo, ModelTier, ProviderId } from '../../../src-shared/schemas/providers';

interface KnownModel {
  readonly contextWindow: number;
  readonly tier: ModelTier;
  readonly inputPrice: number;
  readonly outputPrice: number;
  readonly kind?: 'chat' | 'embedding';
}

/** Published OpenAI list prices (US$ per million tokens) and windows; settings can override both. */
const openaiModels: Readonly<Record<string, KnownModel>> = {
  'gpt-4o-mini': { contextWindow: 128_000, tier: 'medium', inputPrice: 0.15, outputPrice: 0.6 },
  'gpt-4o': { contextWindow: 128_000, tier: 'large', inputPrice: 2.5, outputPrice: 10 },
  'gpt-4.1': { contextWindow: 1_047_576, tier: 'large', inputPrice: 2, outputPrice: 8 },
  'gpt-4.1-mini': { contextWindow: 1_047_576, tier: 'medium', inputPrice: 0.4, outputPrice: 1.6 },
  'gpt-4.1-nano': { contextWindow: 1_047_576, tier: 'small', inputPrice: 0.1, outputPrice: 0.4 },
  'gpt-3.5-turbo': { contextWindow: 16_385, tier: 'small', inputPrice: 0.5, outputPrice: 1.5 },
  'text-embedding-3-small': { contextWindow: 8191, tier: 'small', inputPrice: 0.02, outputPrice: 0, kind: 'embedding' },
  'text-embedding-3-large': { contextWindow: 8191, tier: 'medium', inputPrice: 0.13, outputPrice: 0, kind: 'embedding' },
  'text-embedding-ada-002': { contextWindow: 8191, tier: 'small', inputPrice: 0.1, outputPrice: 0, kind: 'embedding' },
};

/** What we know of a model beyond its name, as the provider reports it. */
export interface ModelFacts {
  /** Ollama's `details.parameter_size`, e.g. "3.2B". */
  readonly parameterSize?: string;
  readonly contextLength?: number;
  readonly family?: string;
}

export interface CatalogOverrides {
  readonly prices: Readonly<Record<string, { readonly input: number; readonly output: number }>>;
  readonly contextWindows: Readonly<Record<string, number>>;
}

/** Parameter count in billions from "3.2B" / "770M"; null when unknown. */
export function parameterBillions(size: string | undefined): number | null {
  const match = size?.trim().match(/^([\d.]+)\s*([BMK])/i);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2]!.toUpperCase();
  return unit === 'B' ? value : unit === 'M' ? value / 1000 : value / 1_000_000;
}

function tierOfSize(billions: number | null): ModelTier {
  if (billions === null) return 'medium';
  return billions < 5 ? 'small' : billions < 20 ? 'medium' : 'large';
}

function isEmbeddingModel(name: string, facts: ModelFacts): boolean {
  return /embed|bge|minilm|e5-|gte-/i.test(name) || /bert/i.test(facts.family ?? '');
}

/** Describes a model for the router: window, tier, price and whether calling it leaves the machine. */
export function describeModel(provider: ProviderId, name: string, facts: ModelFacts = {}, overrides?: CatalogOverrides): ModelInfo {
  const known = provider === 'openai' ? (openaiModels[name] ?? openaiModels[name.replace(/-\d{4}-\d{2}-\d{2}$/, '')]) : undefined;
  const price = overrides?.prices[name] ?? (known ? { input: known.inputPrice, output: known.outputPrice } : { input: 0, output: 0 });
  const window = overrides?.contextWindows[name] ?? facts.contextLength ?? known?.contextWindow ?? 8192;
  return {
    provider,
    model: name,
    kind: known?.kind ?? (isEmbeddingModel(name, facts) ? 'embedding' : 'chat'),
    contextWindow: window,
    tier: known?.tier ?? tierOfSize(parameterBillions(facts.parameterSize)),
    // OpenAI-compatible servers may run locally, but the privacy rule treats the provider as a cloud:
    // sending a private passage by mistake costs far more than routing a public one locally.
    remote: provider === 'openai',
    inputPrice: price.input,
    outputPrice: price.output,
  };
}

/** Estimated cost of one answer in US dollars. */
export function estimateCost(model: Pick<ModelInfo, 'inputPrice' | 'outputPrice'>, promptTokens: number, answerTokens: number): number {
  return (promptTokens * model.inputPrice + answerTokens * model.outputPrice) / 1_000_000;
}
