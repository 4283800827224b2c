import { AppError } from '../../../src-shared/errors';
import type { Handlers } from '../../../src-shared/contract';
import type { providersContract } from '../../../src-shared/providers-contract';
import type { EmbedderSwitchProgress } from '../../../src-shared/schemas/providers';
import type { ConversationsRepository } from '../store/conversations-repository';
import type { SettingsRepository } from '../store/settings-repository';
import type { ProviderRegistry } from './provider-registry';

type ProviderChannel = keyof typeof providersContract;

export interface ProviderHandlerDeps {
  readonly providers: ProviderRegistry;
  readonly settings: SettingsRepository;
  readonly answerHistory: ConversationsRepository['answer'];
  readonly switchEmbedder: (spec: string) => Promise<EmbedderSwitchProgress>;
}

/** The engine side of the providers contract: status, connection test, models, settings, history. */
export function createProviderHandlers(deps: ProviderHandlerDeps): Pick<Handlers, ProviderChannel> {
  return {
    'providers.status': () => deps.providers.status(),
    'providers.test': ({ provider }) => deps.providers.testConnection(provider),
    'providers.models': ({ provider }) => deps.providers.listModels(provider),
    'settings.get': async ({ key }) => deps.settings.get(key),
    'settings.set': async ({ key, value }) => deps.settings.set(key, value),
    'answer.history': async ({ answerId }) => {
      const found = deps.answerHistory(answerId);
      if (!found) throw new AppError('not-found', `No stored answer ${answerId}.`);
      return found;
    },
    'embedder.switch': ({ embedder }) => deps.switchEmbedder(embedder),
  };
}
