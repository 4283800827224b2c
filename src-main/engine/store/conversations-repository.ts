import type { Citation, Route } from '../../../src-shared/schemas/answer';
import type { Db } from './database';

export interface StoredExchange {
  readonly answerId: string;
  readonly conversationId: string;
  readonly question: string;
  readonly answer: string;
  /** done, error (partial answer kept), cancelled. */
  readonly status: 'done' | 'error' | 'cancelled';
  readonly retrievalQuery: string;
  readonly route: Route;
  readonly citations: readonly Citation[];
  /** Collections the passages came from; `private` when any was private, so follow-ups stay local. */
  readonly collections: readonly string[];
  readonly private: boolean;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd: number;
  readonly errorCode: string | null;
}

export interface HistoryTurn {
  readonly question: string;
  readonly answer: string;
  readonly private: boolean;
  readonly collections: readonly string[];
}

export interface ConversationsRepository {
  saveExchange: (exchange: StoredExchange) => void;
  /** Takes a regenerated exchange out of its conversation; its row stays, so the day's spend still counts it. */
  supersede(conversationId: string, answerId: string): void;
  /** The last `limit` finished exchanges of a conversation, oldest first. */
  history(conversationId: string, limit?: number): HistoryTurn[];
  /** US dollars spent on answers since the start of the local day. */
  spentSince(since: number): number;
  /** One stored answer with its route and usage, as the history shows it. */
  answer(answerId: string): {
    answerId: string;
    conversationId: string;
    answer: string;
    status: string;
    route: Route;
    citations: Citation[];
    promptTokens: number;
    completionTokens: number;
    costUsd: number;
    errorCode: string | null;
    createdAt: number;
  } | null;
}

/** Conversations and their messages: the answer history, and what follow-up questions build on. */
export function createConversationsRepository(db: Db): ConversationsRepository {
  const insertConversation = db.prepare(
    'INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at',
  );
  const insertMessage = db.prepare(`INSERT INTO messages
    (id, conversation_id, role, content, status, retrieval_query, route, citations, collections, private, prompt_tokens, completion_tokens, cost_usd, error_code, created_at)
    VALUES (@id, @conversationId, @role, @content, @status, @retrievalQuery, @route, @citations, @collections, @private, @promptTokens, @completionTokens, @costUsd, @errorCode, @createdAt)`);

  /** Stores a question and its answer (or what came of it) in one transaction. */
  const saveExchange = db.transaction((exchange: StoredExchange) => {
    const now = Date.now();
    insertConversation.run(exchange.conversationId, exchange.question.slice(0, 120), now, now);
    const common = {
      conversationId: exchange.conversationId,
      createdAt: now,
      collections: JSON.stringify(exchange.collections),
      private: exchange.private ? 1 : 0,
    };
    insertMessage.run({
      ...common,
      id: `${exchange.answerId}:q`,
      role: 'user',
      content: exchange.question,
      status: 'done',
      retrievalQuery: exchange.retrievalQuery,
      route: null,
      citations: null,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      errorCode: null,
    });
    insertMessage.run({
      ...common,
      id: exchange.answerId,
      role: 'assistant',
      content: exchange.answer,
      status: exchange.status,
      retrievalQuery: null,
      route: JSON.stringify(exchange.route),
      citations: JSON.stringify(exchange.citations),
      promptTokens: exchange.promptTokens,
      completionTokens: exchange.completionTokens,
      costUsd: exchange.costUsd,
      errorCode: exchange.errorCode,
      createdAt: now + 1,
    });
  });

  const supersede = db.prepare(`UPDATE messages SET status = 'replaced' WHERE conversation_id = ? AND id IN (?, ? || ':q')`);

  return {
    saveExchange: (exchange: StoredExchange) => saveExchange(exchange),

    /** Takes a regenerated exchange out of its conversation; its row stays, so the day's spend still counts it. */
    supersede(conversationId: string, answerId: string): void {
      supersede.run(conversationId, answerId, answerId);
    },

    /** The last `limit` finished exchanges of a conversation, oldest first. */
    history(conversationId: string, limit = 6): HistoryTurn[] {
      const rows = db
        .prepare<[string, number], { question: string; answer: string; private: number; collections: string }>(
          `SELECT q.content AS question, a.content AS answer, a.private, a.collections
           FROM messages a JOIN messages q ON q.id = a.id || ':q'
           WHERE a.conversation_id = ? AND a.role = 'assistant' AND a.status = 'done'
           ORDER BY a.created_at DESC LIMIT ?`,
        )
        .all(conversationId, limit);
      return rows.reverse().map((row) => ({
        question: row.question,
        answer: row.answer,
        private: row.private === 1,
        collections: JSON.parse(row.collections) as string[],
      }));
    },

    /** US dollars spent on answers since the start of the local day. */
    spentSince(since: number): number {
      return Number(db.prepare('SELECT coalesce(sum(cost_usd), 0) FROM messages WHERE created_at >= ?').pluck().get(since));
    },

    /** One stored answer with its route and usage, as the history shows it. */
    answer(answerId: string) {
      const row = db
        .prepare<
          [string],
          {
            id: string;
            conversation_id: string;
            content: string;
            status: string;
            route: string;
            citations: string;
            prompt_tokens: number;
            completion_tokens: number;
            cost_usd: number;
            error_code: string | null;
            created_at: number;
          }
        >(
          `SELECT id, conversation_id, content, status, route, citations, prompt_tokens, completion_tokens, cost_usd, error_code, created_at FROM messages WHERE id = ? AND role = 'assistant'`,
        )
        .get(answerId);
      if (!row) return null;
      return {
        answerId: row.id,
        conversationId: row.conversation_id,
        answer: row.content,
        status: row.status,
        route: JSON.parse(row.route) as Route,
        citations: JSON.parse(row.citations) as Citation[],
        promptTokens: row.prompt_tokens,
        completionTokens: row.completion_tokens,
        costUsd: row.cost_usd,
        errorCode: row.error_code,
        createdAt: row.created_at,
      };
    },
  };
}
