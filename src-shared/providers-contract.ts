import { z } from 'zod';
import { AnswerRef } from './schemas/answer';
import {
  AnswerRecord,
  ConnectionTest,
  ConnectionTestResult,
  EmbedderSwitchProgress,
  EmbedderSwitchRequest,
  ModelInfo,
  ProviderStatus,
  SettingGet,
  SettingSet,
  SettingValue,
} from './schemas/providers';

/** Calls for language-model providers, their settings and the answer history (issue 3). */
export const providersContract = {
  /** Each provider's state, endpoint, models and recent first-token time. */
  'providers.status': { input: z.object({}), output: z.array(ProviderStatus) },
  /** Asks a provider for its version and models now (OpenAI only once turned on). */
  'providers.test': { input: ConnectionTest, output: ConnectionTestResult },
  'providers.models': { input: ConnectionTest, output: z.array(ModelInfo) },
  /** Provider and router settings (`openai.enabled`, `offline`, `router.dailyBudgetUsd`, …); all without a key. */
  'settings.get': { input: SettingGet, output: z.array(SettingValue) },
  'settings.set': { input: SettingSet, output: SettingValue },
  /** One stored answer with its route, tokens and cost. */
  'answer.history': { input: AnswerRef, output: AnswerRecord },
  /** Starts building the index for another embedder; progress comes as `embedder.switch` events. */
  'embedder.switch': { input: EmbedderSwitchRequest, output: EmbedderSwitchProgress },
} as const;
