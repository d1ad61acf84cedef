import { doublePrecision, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { projects, surveys } from './core';

/**
 * A saved audience: a filter over the answering person's traits and the answer's channel, locale and survey
 * (server/services/segments/filter.ts). Metrics and goals take its id; its filter is compiled to SQL each time.
 */
export const segments = pgTable(
  'segments',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filter: jsonb('filter').$type<unknown>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('segments_project_idx').on(t.projectId, t.createdAt)],
);

/** "Raise NPS to 50 this quarter": a target over [from, to), optionally for one survey or segment. */
export const npsGoals = pgTable(
  'nps_goals',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** NPS points, −100..100. */
    target: doublePrecision('target').notNull(),
    from: timestamptz('from').notNull(),
    to: timestamptz('to').notNull(),
    surveyId: text('survey_id').references(() => surveys.id),
    /** A segment in use by a goal cannot be deleted (409): the goal would silently change meaning. */
    segmentId: text('segment_id').references(() => segments.id),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('nps_goals_project_idx').on(t.projectId, t.to)],
);
