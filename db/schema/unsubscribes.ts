import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { projects } from './core';

/**
 * Addresses that asked not to be surveyed by email: survey sends skip them. Kept by address, not by person,
 * so an opt-out outlives the person's record (deleting a person must not start mailing them again).
 */
export const unsubscribes = pgTable(
  'unsubscribes',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('unsubscribes_project_email_key').on(t.projectId, sql`lower(${t.email})`),
    index('unsubscribes_project_created_idx').on(t.projectId, t.createdAt, t.id),
  ],
);
