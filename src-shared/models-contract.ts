import { z } from 'zod';
import { ModelsOverview, PullProgress, PullRef, PullRequest } from './schemas/models';

/** Getting a local model through Ollama (issue 11): what is installed, what to pull, and pulling it. */
export const modelsContract = {
  /** Ollama's state and models, recommended models, how to install Ollama, and pulls under way. */
  'models.overview': { input: z.object({}), output: ModelsOverview },
  /** Starts downloading a model through Ollama; progress comes as `models.pull` events keyed by `pullId`. */
  'models.pull': { input: PullRequest, output: PullProgress },
  'models.cancelPull': { input: PullRef, output: z.object({ cancelled: z.boolean() }) },
  'models.pullProgress': { input: PullRef, output: PullProgress },
} as const;
