import { z } from 'zod';

/** Where one file of an ingestion job stands: waiting, added, unchanged (skipped) or failed. */
export const JobFileStatus = z.enum(['pending', 'done', 'skipped', 'failed']);
export type JobFileStatus = z.infer<typeof JobFileStatus>;

export const JobFile = z.object({
  path: z.string(),
  bytes: z.number().int(),
  status: JobFileStatus,
  chunks: z.number().int(),
  /** Error code and message of a failed file; null otherwise. */
  code: z.string().nullable(),
  error: z.string().nullable(),
  /** What a file indexed only in part lacks ("page 3 of 9 could not be read…"); null otherwise. */
  warning: z.string().nullable(),
});
export type JobFile = z.infer<typeof JobFile>;
