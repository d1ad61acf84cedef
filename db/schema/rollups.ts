import { sql } from 'drizzle-orm';
import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { projects } from './core';

/**
 * Promoters, passives and detractors per project, hour (UTC), survey, channel and locale, for the answers of
 * the project created before its watermark (rollupWatermarks). A background fold (server/services/metrics/fold.ts)
 * adds the answers it passes as it moves the watermark forward; a trigger on responses adjusts the counts when
 * an answer below the watermark is inserted, changed or deleted (migration 0025). Metrics read these plus the
 * answers at or after the watermark, instead of scanning millions of answers; an hour is the unit because
 * every whole-hour time zone's days, weeks and months are made of whole UTC hours.
 */
export const responseRollups = pgTable(
  'response_rollups',
  {
    projectId: text('project_id').notNull(),
    hour: timestamptz('hour').notNull(),
    surveyId: text('survey_id').notNull(),
    channel: text('channel').notNull(),
    /** '' when the answer has no locale: a primary key column cannot be null. */
    locale: text('locale').notNull(),
    promoters: integer('promoters').notNull().default(0),
    passives: integer('passives').notNull().default(0),
    detractors: integer('detractors').notNull().default(0),
    /** Answers per score: scores[s + 1] counts score s (0..10), for the 0–10 distribution. */
    scores: integer('scores')
      .array()
      .notNull()
      .default(sql`'{0,0,0,0,0,0,0,0,0,0,0}'::integer[]`),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.surveyId, t.channel, t.locale] })],
);

/**
 * How far each project's answers are counted in response_rollups: every answer created before foldedTo is,
 * none after it is (the tail, which reads count from the responses). No row: nothing is counted yet.
 */
export const rollupWatermarks = pgTable('rollup_watermarks', {
  projectId: text('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  foldedTo: timestamptz('folded_to').notNull(),
  /**
   * Where the next fold stops. It counts [foldedTo, sealedTo) before taking the project's lock; changes to
   * answers in that range since then are counted in sealedChanges, and make it count again under the lock.
   */
  sealedTo: timestamptz('sealed_to').notNull(),
  sealedChanges: bigint('sealed_changes', { mode: 'number' }).notNull().default(0),
});
