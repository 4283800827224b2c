import { z } from 'zod';

/** One sensitive operation: who did what, when, with which details. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditFilter = z.object({
  action: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  text: z.string().max(200).optional(),
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  limit: z.number().int().min(1).max(10_000).default(200),
  offset: z.number().int().min(0).default(0),
});
export type AuditFilter = z.input<typeof AuditFilter>;

export const AuditExportRequest = AuditFilter.extend({ format: z.enum(['csv', 'json']) });
export const AuditExport = z.object({
  format: z.enum(['csv', 'json']),
  mimeType: z.string(),
  filename: z.string(),
  content: z.string(),
  count: z.number().int(),
});
export type AuditExport = z.infer<typeof AuditExport>;
