import type { Migration } from './migration';

/**
 * The day's spend is summed before every answer: a covering index keeps that off the table.
 */
export const migration0031: Migration = {
  version: 31,
  sql: `
      DROP INDEX messages_created;
      CREATE INDEX messages_created_cost ON messages(created_at, cost_usd);
    `,
};
