import type { ModelInfo, ModelTier, ProviderId, ProviderState } from '../../../src-shared/schemas/providers';
import { assessComplexity, type Complexity } from './complexity';
import { estimateCost } from '../providers/model-catalog';

/** Everything the router decides from: plain values, so the policy is tested without a network. */
export interface RouteInput {
  readonly question: string;
  /** Tokens of the prompt without the answer: system prompt, history, question and passages. */
  readonly promptTokens: number;
  /** Tokens the answer is expected to take. */
  readonly answerTokens: number;
  /** Collections the retrieved passages (and the asked collection) belong to. */
  readonly collections: readonly { readonly name: string; readonly private: boolean }[];
  readonly libraryPrivate: boolean;
  readonly offline: boolean;
  /** The user turned a remote provider on; remote calls need it. */
  readonly remoteEnabled: boolean;
  /** Chat models of the providers that are set up. */
  readonly models: readonly ModelInfo[];
  readonly health: Readonly<Partial<Record<ProviderId, { readonly state: ProviderState; readonly firstTokenMs: number | null }>>>;
  readonly budget: { readonly dailyUsd: number; readonly spentTodayUsd: number };
  readonly latencyTargetMs: number;
  /** Preferred model per provider from the settings. */
  readonly preferred?: Readonly<Partial<Record<ProviderId, string>>>;
  /** `extractive`, `ollama`, `openai:gpt-4o`: the user's choice for this one question. */
  readonly override?: string;
  /** Why providers offer no model now, in words ("Ollama is not reachable at …"). */
  readonly unavailable?: readonly string[];
}

export type RouteProvider = ProviderId | 'extractive';

export interface RouteCandidate {
  readonly provider: RouteProvider;
  readonly model: string;
  /** Why this candidate sits where it does, in words a person reads. */
  readonly reason: string;
  readonly estimatedCostUsd: number;
}

export interface RejectedModel {
  readonly provider: RouteProvider;
  readonly model: string;
  readonly reason: string;
}

export interface RouteDecision {
  /** In the order to try; the extractive answerer is always last. */
  readonly candidates: readonly RouteCandidate[];
  readonly rejected: readonly RejectedModel[];
  readonly complexity: Complexity;
}

export const extractiveModel = 'quarry-extractive';
const providerNames: Record<RouteProvider, string> = { ollama: 'Ollama', openai: 'OpenAI', extractive: 'Extractive' };
const tierRank: Record<ModelTier, number> = { small: 0, medium: 1, large: 2 };
const wantedTier: Record<Complexity['level'], number> = { simple: 0, moderate: 1, complex: 2 };

export function routeLabel(provider: RouteProvider, model: string): string {
  return provider === 'extractive' ? 'Extractive answer' : `${providerNames[provider]} ${model}`;
}

function parseOverride(override: string | undefined): { provider: string; model: string | null } | null {
  if (!override) return null;
  const [provider, ...rest] = override.trim().split(':');
  return { provider: (provider ?? '').toLowerCase(), model: rest.length ? rest.join(':') : null };
}

/** The first reason, if any, that privacy forbids sending this question's passages to a remote model. */
function privacyBlock(input: RouteInput): string | null {
  if (input.offline) return 'offline mode is on';
  if (input.libraryPrivate) return 'the library is private';
  const privateOnes = input.collections.filter((c) => c.private).map((c) => `'${c.name}'`);
  if (privateOnes.length === 1) return `collection ${privateOnes[0]} is private`;
  if (privateOnes.length > 1) return `collections ${privateOnes.join(', ')} are private`;
  if (!input.remoteEnabled) return 'OpenAI is not turned on';
  return null;
}

function rejection(model: ModelInfo, input: RouteInput, privacy: string | null): string | null {
  if (model.remote && privacy) return privacy;
  const health = input.health[model.provider];
  if (health?.state === 'open') return 'paused after repeated failures (circuit open)';
  if (health?.state === 'unreachable') return 'not reachable';
  if (health?.state === 'disabled') return 'turned off';
  const needed = input.promptTokens + input.answerTokens;
  if (needed > model.contextWindow) return `needs about ${needed} tokens but its window is ${model.contextWindow}`;
  const cost = estimateCost(model, input.promptTokens, input.answerTokens);
  if (cost > 0 && input.budget.spentTodayUsd + cost > input.budget.dailyUsd) {
    return `would pass the daily budget ($${input.budget.spentTodayUsd.toFixed(2)} of $${input.budget.dailyUsd.toFixed(2)} spent)`;
  }
  return null;
}

interface Scored {
  readonly model: ModelInfo;
  readonly cost: number;
  readonly keys: readonly number[];
  readonly phrases: readonly string[];
}

function score(model: ModelInfo, input: RouteInput, complexity: Complexity, privacyRule: string | null, overridden: boolean): Scored {
  const health = input.health[model.provider];
  const degraded = health?.state === 'degraded';
  const slow = health?.firstTokenMs != null && health.firstTokenMs > input.latencyTargetMs;
  const distance = tierRank[model.tier] - wantedTier[complexity.level];
  // A model too small for the question is worse than one larger than needed.
  const fit = distance < 0 ? -distance * 1.5 : distance;
  const preferred = input.preferred?.[model.provider] === model.model;
  const cost = estimateCost(model, input.promptTokens, input.answerTokens);
  const phrases: string[] = [];
  if (overridden) phrases.push('you chose it for this question');
  if (!model.remote && privacyRule) phrases.push(privacyRule);
  if (complexity.level !== 'simple') phrases.push(`${complexity.level} question (${complexity.signals.join(', ')})`);
  else phrases.push('simple question');
  if (distance === 0) phrases.push(`a ${model.tier} model fits`);
  else if (distance > 0) phrases.push(`no smaller model fits the rules`);
  else phrases.push(`the largest model allowed is ${model.tier}`);
  if (degraded) phrases.push('the provider is degraded');
  if (slow) phrases.push(`first token takes ${Math.round(health!.firstTokenMs!)} ms, over the ${input.latencyTargetMs} ms target`);
  if (preferred) phrases.push('your preferred model');
  if (model.remote) phrases.push(`about $${cost.toFixed(4)}`);
  else phrases.push('runs on this machine');
  return {
    model,
    cost,
    keys: [overridden ? 0 : 1, degraded ? 1 : 0, slow ? 1 : 0, fit, preferred ? 0 : 1, model.remote ? 1 : 0, cost],
    phrases,
  };
}

function compareKeys(a: Scored, b: Scored): number {
  for (let i = 0; i < a.keys.length; i++) {
    const diff = a.keys[i]! - b.keys[i]!;
    if (diff !== 0) return diff;
  }
  return `${a.model.provider}:${a.model.model}`.localeCompare(`${b.model.provider}:${b.model.model}`);
}

function extractiveReason(
  candidates: number,
  rejected: readonly RejectedModel[],
  onlyChoice: boolean,
  unavailable: readonly string[],
): string {
  if (!onlyChoice) return 'answers from your documents without a model if every model above fails';
  if (rejected.length === 0 && candidates === 0) {
    const why = unavailable.length > 0 ? ` (${unavailable.join('; ')})` : '';
    return `no language model is set up${why}, so the answer quotes the best sentences of your documents`;
  }
  const why = [...rejected.slice(0, 3).map((r) => `${routeLabel(r.provider, r.model)} ${r.reason}`), ...unavailable];
  return `no language model can answer (${why.join('; ')}), so the answer quotes your documents`;
}

/**
 * Picks, for one question, the models to try in order, with the reason for each in words. Pure: the
 * same values give the same route. Privacy always wins, even over the user's per-question choice.
 */
export function decideRoute(input: RouteInput): RouteDecision {
  const complexity = assessComplexity(input.question, input.promptTokens);
  const privacy = privacyBlock(input);
  const override = parseOverride(input.override);
  const rejected: RejectedModel[] = [];
  if (override?.provider === 'extractive') {
    const others = input.models.map((m) => ({ provider: m.provider, model: m.model, reason: 'you chose the extractive answer' }));
    return {
      candidates: [
        {
          provider: 'extractive',
          model: extractiveModel,
          reason: 'you chose the extractive answer for this question',
          estimatedCostUsd: 0,
        },
      ],
      rejected: others,
      complexity,
    };
  }
  const matchesOverride = (m: ModelInfo) =>
    override !== null && m.provider === override.provider && (override.model === null || m.model === override.model);
  if (override && !input.models.some(matchesOverride)) {
    rejected.push({
      provider: 'extractive',
      model: input.override ?? '',
      reason: `you asked for ${input.override}, which is not available`,
    });
  }
  // Say why a local model answers only when privacy actually turned a remote one away.
  const privacyRule = privacy && input.models.some((m) => m.remote && m.kind === 'chat') ? privacy : null;
  const eligible: Scored[] = [];
  for (const model of input.models) {
    if (model.kind !== 'chat') continue;
    const reason = rejection(model, input, privacy);
    if (reason) {
      rejected.push({
        provider: model.provider,
        model: model.model,
        reason: matchesOverride(model) ? `you asked for it, but ${reason}` : reason,
      });
      continue;
    }
    eligible.push(score(model, input, complexity, privacyRule, matchesOverride(model)));
  }
  eligible.sort(compareKeys);
  const candidates: RouteCandidate[] = eligible.map((s, index) => ({
    provider: s.model.provider,
    model: s.model.model,
    reason: `${routeLabel(s.model.provider, s.model.model)}: ${index === 0 ? s.phrases.join('; ') : `fallback #${index}; ${s.phrases.join('; ')}`}`,
    estimatedCostUsd: s.cost,
  }));
  candidates.push({
    provider: 'extractive',
    model: extractiveModel,
    reason: `${routeLabel('extractive', extractiveModel)}: ${extractiveReason(input.models.length, rejected, candidates.length === 0, input.unavailable ?? [])}`,
    estimatedCostUsd: 0,
  });
  return { candidates, rejected, complexity };
}
