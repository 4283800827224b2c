import type { Migration } from './migration';

/**
 * Providers and router (30–39): conversations with their messages; each answer keeps its route,
 * citations, token counts and cost, which also give the day's spend for the budget.
 */
export const migration0030: Migration = {
  version: 30,
  sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content TEXT NOT NULL,
        status TEXT NOT NULL,
        retrieval_query TEXT,
        route TEXT,
        citations TEXT,
        collections TEXT NOT NULL DEFAULT '[]',
        private INTEGER NOT NULL DEFAULT 0,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        error_code TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX messages_conversation ON messages(conversation_id, created_at);
      CREATE INDEX messages_created ON messages(created_at);
    `,
};
