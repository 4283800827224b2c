import { z } from 'zod';
import { ModelInfo } from './providers';

/** An Ollama model name as `ollama pull` takes it: `llama3.2`, `nomic-embed-text:latest`, `library/qwen2.5:0.5b`. */
export const ModelName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*(:[A-Za-z0-9._-]+)?$/, 'A model name looks like llama3.2 or nomic-embed-text:latest');

export const PullRequest = z.object({ model: ModelName });
export const PullRef = z.object({ pullId: z.string().min(1) });

/** A model download through Ollama's `/api/pull`, as its status lines report it. */
export const PullProgress = z.object({
  pullId: z.string(),
  model: z.string(),
  state: z.enum(['pulling', 'done', 'failed', 'cancelled']),
  /** Ollama's last status line: "pulling manifest", "pulling 970aa74c0a90", "verifying sha256 digest", "success". */
  status: z.string(),
  /** The layer being downloaded, when the status line names one. */
  digest: z.string().nullable(),
  /** Bytes of all layers seen so far: done and announced. */
  completed: z.number().int(),
  total: z.number().int(),
  /** 0–100 over the layers announced so far; null before the first layer's size is known. */
  percent: z.number().nullable(),
  error: z.string().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type PullProgress = z.infer<typeof PullProgress>;

export const OperatingSystem = z.enum(['linux', 'macos', 'windows', 'other']);
export type OperatingSystem = z.infer<typeof OperatingSystem>;

/** How to install and start Ollama on the system Quarry runs on. */
export const InstallGuide = z.object({
  system: OperatingSystem,
  /** Steps in order, each a sentence and, where there is one, the command to type. */
  steps: z.array(z.object({ text: z.string(), command: z.string().nullable() })),
  downloadUrl: z.string(),
});
export type InstallGuide = z.infer<typeof InstallGuide>;

export const RecommendedModel = z.object({
  model: z.string(),
  kind: z.enum(['chat', 'embedding']),
  /** Why to get it, in a sentence, with its download size. */
  description: z.string(),
  installed: z.boolean(),
});
export type RecommendedModel = z.infer<typeof RecommendedModel>;

/** What the Settings screen needs to get a local model: Ollama's state, its models, what to pull, pulls under way. */
export const ModelsOverview = z.object({
  endpoint: z.string(),
  reachable: z.boolean(),
  /** Why Ollama could not be asked (unreachable, turned off); null when it answered. */
  problem: z.string().nullable(),
  version: z.string().nullable(),
  installed: z.array(ModelInfo),
  recommended: z.array(RecommendedModel),
  /** Shown while Ollama cannot be reached. */
  install: InstallGuide,
  pulls: z.array(PullProgress),
});
export type ModelsOverview = z.infer<typeof ModelsOverview>;
