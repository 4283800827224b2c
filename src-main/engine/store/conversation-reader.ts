import type { Citation, Route } from '../../../src-shared/schemas/answer';
import type { Conversation, ConversationSummary, ConversationTurn } from '../../../src-shared/schemas/conversations';
import { AppError } from '../../../src-shared/errors';
import type { Db } from './database';

interface SummaryRow {
  id: string;
  title: string;
  answers: number;
  created_at: number;
  updated_at: number;
}

interface TurnRow {
  answer_id: string;
  question: string;
  answer: string;
  status: string;
  error_code: string | null;
  route: string | null;
  citations: string | null;
  created_at: number;
  rating: 'up' | 'down' | null;
  comment: string | null;
  feedback_at: number | null;
}

const toSummary = (row: SummaryRow): ConversationSummary => ({
  id: row.id,
  title: row.title,
  answers: row.answers,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const unknownRoute: Route = { provider: 'unknown', model: 'unknown', reason: 'The route of this answer was not recorded.' };

/**
 * Reads the stored conversations (written by the answer pipeline) for the chat's conversation list:
 * newest first, and each one's questions and answers with their route, citations and feedback.
 */
export function createConversationReader(db: Db) {
  const summaries = db.prepare<[number], SummaryRow>(
    `SELECT c.id, c.title, c.created_at, c.updated_at,
            (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'assistant' AND m.status != 'replaced') AS answers
     FROM conversations c ORDER BY c.updated_at DESC, c.created_at DESC LIMIT ?`,
  );
  const summary = db.prepare<[string], SummaryRow>(
    `SELECT c.id, c.title, c.created_at, c.updated_at,
            (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'assistant' AND m.status != 'replaced') AS answers
     FROM conversations c WHERE c.id = ?`,
  );
  const turns = db.prepare<[string], TurnRow>(
    `SELECT a.id AS answer_id, coalesce(q.content, '') AS question, a.content AS answer, a.status, a.error_code,
            a.route, a.citations, a.created_at, f.rating, f.comment, f.updated_at AS feedback_at
     FROM messages a
     LEFT JOIN messages q ON q.id = a.id || ':q'
     LEFT JOIN answer_feedback f ON f.answer_id = a.id
     WHERE a.conversation_id = ? AND a.role = 'assistant' AND a.status != 'replaced'
     ORDER BY a.created_at`,
  );
  return {
    list(limit: number): ConversationSummary[] {
      return summaries.all(limit).map(toSummary);
    },
    get(conversationId: string): Conversation {
      const row = summary.get(conversationId);
      if (!row) throw new AppError('not-found', `No conversation ${conversationId}.`);
      return {
        ...toSummary(row),
        turns: turns.all(conversationId).map((turn): ConversationTurn => ({
          answerId: turn.answer_id,
          question: turn.question,
          answer: turn.answer,
          status: turn.status,
          errorCode: turn.error_code,
          route: turn.route ? (JSON.parse(turn.route) as Route) : unknownRoute,
          citations: turn.citations ? (JSON.parse(turn.citations) as Citation[]) : [],
          feedback:
            turn.feedback_at === null
              ? null
              : { answerId: turn.answer_id, rating: turn.rating, comment: turn.comment ?? '', updatedAt: turn.feedback_at },
          createdAt: turn.created_at,
        })),
      };
    },
  };
}
