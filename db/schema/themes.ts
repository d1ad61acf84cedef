import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { projects } from './core';

export type ThemeKeywords = { en: string[]; ja: string[] };

/**
 * A project-defined theme ("Pricing": price, expensive, 料金, 高い). Matched against every comment at ingest;
 * the matched names are stored in responses.themes and re-applied to stored answers when a theme changes.
 */
export const themes = pgTable(
  'themes',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    keywords: jsonb('keywords').$type<ThemeKeywords>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // responses.themes holds names, and the responses filter matches them exactly: two themes whose names
    // differ only in case would be indistinguishable to people reading them, so they are one name.
    uniqueIndex('themes_project_name_key').on(t.projectId, sql`lower(${t.name})`),
    index('themes_project_created_idx').on(t.projectId, t.createdAt),
  ],
);
