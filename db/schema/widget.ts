import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { people, projects, surveys } from './core';

/**
 * "Not now" clicks on the widget. With the person's id they count across
 * devices for the recontact period and the survey's maximum of dismissals;
 * anonymous ones are kept for the numbers (how often a survey is refused).
 */
export const widgetDismissals = pgTable(
  'widget_dismissals',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    surveyId: text('survey_id')
      .notNull()
      .references(() => surveys.id),
    /** Set only on dismissals recorded before migration 0017; later ones carry personExternalId alone. */
    personId: text('person_id').references(() => people.id),
    /**
     * The customer's own id for the person. A dismissal arrives with the publishable key and must not create
     * a person (anyone could fill the people list), so it names them by external id; migration 0017 filled
     * it in for older dismissals.
     */
    personExternalId: text('person_external_id'),
    anonymousId: text('anonymous_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('widget_dismissals_person_external_idx').on(t.projectId, t.personExternalId, t.surveyId, t.createdAt)],
);

export type LinkPerson = { id?: string; email?: string; name?: string; locale?: string; traits?: Record<string, unknown> };

/**
 * One email send of a survey to one person. Its id is what the eleven signed
 * score links carry; the answer's idempotency key derives from it, so every
 * click on links of the same send edits one response.
 */
export const surveyLinks = pgTable(
  'survey_links',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    surveyId: text('survey_id')
      .notNull()
      .references(() => surveys.id),
    person: jsonb('person').$type<LinkPerson>().notNull(),
    locale: text('locale').$type<'en' | 'ja'>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('survey_links_project_idx').on(t.projectId, t.createdAt)],
);
