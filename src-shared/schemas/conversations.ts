import { z } from 'zod';
import { Citation, Route } from './answer';
import { Feedback } from './feedback';

export const ConversationSummary = z.object({
  id: z.string(),
  title: z.string(),
  answers: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

/** One stored question and its answer, enough to show a past conversation and follow it up. */
export const ConversationTurn = z.object({
  answerId: z.string(),
  question: z.string(),
  answer: z.string(),
  /** done, error (the partial answer is kept), cancelled. */
  status: z.string(),
  errorCode: z.string().nullable(),
  route: Route,
  citations: z.array(Citation),
  feedback: Feedback.nullable(),
  createdAt: z.number(),
});
export type ConversationTurn = z.infer<typeof ConversationTurn>;

export const ConversationList = z.object({ limit: z.number().int().min(1).max(1000).default(100) });
export const ConversationRef = z.object({ conversationId: z.string().min(1) });
export const Conversation = ConversationSummary.extend({ turns: z.array(ConversationTurn) });
export type Conversation = z.infer<typeof Conversation>;
