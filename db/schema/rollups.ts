import { sql } from 'drizzle-orm';
import { integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

/**
 * Promoters, passives and detractors per project, hour (UTC), survey, channel and locale, kept exact by a
 * deferred constraint trigger on responses, counted at commit (migration 0012, which replaced the triggers of
 * 0005, 0010 and 0011). Metrics read these instead of scanning millions of answers;
 * an hour is the unit because every whole-hour time zone's days, weeks and months are made of whole UTC hours.
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
    /**
     * Room for several counter rows per hour and segment, should busy projects' answers ever queue on one row
     * lock. Always 0 since migration 0011: 8 shards made sparse data's rollups barely smaller than the answers.
     */
    shard: smallint('shard').notNull().default(0),
    promoters: integer('promoters').notNull().default(0),
    passives: integer('passives').notNull().default(0),
    detractors: integer('detractors').notNull().default(0),
    /** Answers per score: scores[s + 1] counts score s (0..10), for the 0–10 distribution. */
    scores: integer('scores')
      .array()
      .notNull()
      .default(sql`'{0,0,0,0,0,0,0,0,0,0,0}'::integer[]`),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.surveyId, t.channel, t.locale, t.shard] })],
);
