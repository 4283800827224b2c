import type { z } from 'zod';
import type { Feedback, FeedbackRequest } from '../../../src-shared/schemas/feedback';
import type { Db } from './database';

interface FeedbackRow {
  answer_id: string;
  rating: 'up' | 'down' | null;
  comment: string;
  updated_at: number;
}

const toFeedback = (row: FeedbackRow): Feedback => ({
  answerId: row.answer_id,
  rating: row.rating,
  comment: row.comment,
  updatedAt: row.updated_at,
});

export interface FeedbackRepository {
  set(request: z.output<typeof FeedbackRequest>): Feedback;
  get(answerId: string): Feedback | null;
}

/** Thumbs up or down and a comment per answer, kept beside the answer history under the answer's id. */
export function createFeedbackRepository(db: Db, now: () => number = Date.now): FeedbackRepository {
  const upsert = db.prepare<[string, string | null, string, number]>(
    `INSERT INTO answer_feedback (answer_id, rating, comment, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (answer_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, updated_at = excluded.updated_at`,
  );
  const select = db.prepare<[string], FeedbackRow>(
    'SELECT answer_id, rating, comment, updated_at FROM answer_feedback WHERE answer_id = ?',
  );
  return {
    set(request: z.output<typeof FeedbackRequest>): Feedback {
      upsert.run(request.answerId, request.rating, request.comment, now());
      return toFeedback(select.get(request.answerId)!);
    },
    get(answerId: string): Feedback | null {
      const row = select.get(answerId);
      return row ? toFeedback(row) : null;
    },
  };
}
