import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { timestamptz } from './columns';
import { people, projects, responses, surveys } from './core';

export type FollowUpStatus = 'open' | 'in_progress' | 'resolved' | 'dismissed';

/**
 * Conditions and action are stored as jsonb and validated again each time a rule runs (see
 * server/services/followups/rules/schema.ts): a rule that no longer parses is skipped and its error shown,
 * it never blocks an answer from being stored.
 */
export const followUpRules = pgTable(
  'follow_up_rules',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** null: the rule applies to every survey of the project. */
    surveyId: text('survey_id').references(() => surveys.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Lower runs first; the first matching rule opens the case (one case per answer). */
    position: integer('position').notNull().default(0),
    conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    action: jsonb('action').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** Round-robin position: the member who got the previous case from this rule. */
    lastAssigneeId: text('last_assignee_id'),
    /** Why the rule failed the last time it ran, so a broken rule is visible instead of silent. */
    lastError: text('last_error'),
    lastErrorAt: timestamptz('last_error_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('follow_up_rules_project_idx').on(t.projectId, t.position)],
);

export const followUps = pgTable(
  'follow_ups',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    responseId: text('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    surveyId: text('survey_id').notNull(),
    personId: text('person_id').references(() => people.id, { onDelete: 'set null' }),
    ruleId: text('rule_id').references(() => followUpRules.id, { onDelete: 'set null' }),
    status: text('status').$type<FollowUpStatus>().notNull().default('open'),
    assigneeId: text('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    dueAt: timestamptz('due_at'),
    resolution: text('resolution'),
    /** First human touch (status change, note, reply, reassignment): "time to first action" is measured to it. */
    firstActionAt: timestamptz('first_action_at'),
    resolvedAt: timestamptz('resolved_at'),
    /** When set, the person may be asked again from this time on (recovery survey). */
    reaskAt: timestamptz('reask_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // One case per answer: a changed answer never opens a second one.
    uniqueIndex('follow_ups_response_key').on(t.projectId, t.responseId),
    index('follow_ups_project_created_idx').on(t.projectId, t.createdAt.desc(), t.id.desc()),
    index('follow_ups_project_status_due_idx').on(t.projectId, t.status, t.dueAt),
    index('follow_ups_person_idx').on(t.personId, t.createdAt),
  ],
);

export type FollowUpEventKind = 'opened' | 'status_changed' | 'assigned' | 'due_changed' | 'note' | 'reply' | 'resolution';

/** The full history of a case; also the person's timeline of what the team did for them. */
export const followUpEvents = pgTable(
  'follow_up_events',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    followUpId: text('follow_up_id')
      .notNull()
      .references(() => followUps.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<FollowUpEventKind>().notNull(),
    /** 'system', 'rule:<id>', 'key:<id>' or 'user:<id>'. */
    actor: text('actor').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('follow_up_events_case_idx').on(t.followUpId, t.createdAt)],
);
