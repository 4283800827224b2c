import { z } from 'zod';

export const FeedbackRating = z.enum(['up', 'down']);
export type FeedbackRating = z.infer<typeof FeedbackRating>;

/** A person's verdict on one answer: thumbs up or down (null withdraws it), with an optional comment. */
export const FeedbackRequest = z.object({
  answerId: z.string().min(1),
  rating: FeedbackRating.nullable(),
  comment: z.string().trim().max(2000).default(''),
});
export type FeedbackRequest = z.input<typeof FeedbackRequest>;

export const Feedback = z.object({
  answerId: z.string(),
  rating: FeedbackRating.nullable(),
  comment: z.string(),
  updatedAt: z.number(),
});
export type Feedback = z.infer<typeof Feedback>;
