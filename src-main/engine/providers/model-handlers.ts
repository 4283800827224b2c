import type { Handlers } from '../../../src-shared/contract';
import type { modelsContract } from '../../../src-shared/models-contract';
import type { ModelsApi } from './model-pulls';

type ModelsChannel = keyof typeof modelsContract;

/** The engine side of the models contract: overview, pull, cancel and progress of downloads. */
export function createModelHandlers(models: ModelsApi): Pick<Handlers, ModelsChannel> {
  return {
    'models.overview': () => models.overview(),
    'models.pull': async ({ model }) => models.start(model),
    'models.cancelPull': async ({ pullId }) => ({ cancelled: models.cancel(pullId) }),
    'models.pullProgress': async ({ pullId }) => models.progress(pullId),
  };
}
