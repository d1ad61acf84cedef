import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  smallint,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

export type LocalizedText = { en?: string; ja?: string };
export type FollowUpQuestion = LocalizedText & {
  detractor?: LocalizedText;
  passive?: LocalizedText;
  promoter?: LocalizedText;
};
export type SurveyTargeting = {
  delaySeconds: number;
  urlInclude: string[];
  urlExclude: string[];
  sampleRate: number;
  recontactDays: number;
  maxDismissals: number;
};
/** Where a survey is asked: the widget on the customer's site ('web') and signed email links ('email'). */
export const SURVEY_CHANNELS = ['web', 'email'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
export type SurveyAppearance = {
  brandColor: string;
  position: 'bottom-right' | 'bottom-left' | 'center';
  theme: 'light' | 'dark' | 'auto';
};

/** Instance-wide values that are generated once and must survive restarts (admin key hash, link-signing secret). */
export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/** The tenant: every other row carries project_id and every query filters by it. */
export const projects = pgTable('projects', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  /** When non-empty, the publishable key is accepted only from these browser origins. */
  allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /**
   * Bumped by triggers (migration 0015) whenever something an answer is stored with changes: themes,
   * follow-up rules, webhook endpoints. Ingest caches those settings in the process and checks this number
   * in the statement that stores the answer (server/services/responses/ingest-settings.ts).
   */
  settingsVersion: bigint('settings_version', { mode: 'number' }).notNull().default(0),
  /**
   * Proves a person's identity on calls made with the publishable key: the customer's server signs the person
   * id with it (server/services/projects/identity-secret.ts). gen_random_uuid() draws from the strong random
   * source and is built in (pgcrypto would be an extension to load, in PGlite too); as a volatile default, every existing project
   * got its own value when the column was added (migration 0017).
   */
  identitySecret: text('identity_secret')
    .notNull()
    .default(sql`('idn_' || replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))`),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'secret' | 'publishable'>().notNull(),
    /** SHA-256 of the whole key, hex. The key itself is shown once and never stored. */
    hash: text('hash').notNull(),
    /** The first characters of the key, so people can tell their keys apart. */
    prefix: text('prefix').notNull(),
    name: text('name'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_key').on(t.hash), index('api_keys_project_idx').on(t.projectId)],
);

export const surveys = pgTable(
  'surveys',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').$type<'nps'>().notNull().default('nps'),
    /** 'draft' until published: the widget shows only 'active' surveys, and links are refused for drafts. */
    status: text('status').$type<'draft' | 'active' | 'paused'>().notNull().default('active'),
    question: jsonb('question').$type<LocalizedText>().notNull(),
    followUpQuestion: jsonb('follow_up_question').$type<FollowUpQuestion>().notNull(),
    defaultLocale: text('default_locale').$type<'en' | 'ja'>().notNull().default('en'),
    targeting: jsonb('targeting').$type<SurveyTargeting>().notNull(),
    appearance: jsonb('appearance').$type<SurveyAppearance>().notNull(),
    /**
     * 'web': the widget offers it; 'email': links can be made for it. One or both, in this order (migration 0029
     * checks the values; the default, both, is how every survey behaved before).
     */
    channels: text('channels')
      .array()
      .$type<SurveyChannel[]>()
      .notNull()
      .default(sql`'{web,email}'::text[]`),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    /** Surveys are archived, never hard-deleted: their responses stay part of the project's history. */
    deletedAt: timestamptz('deleted_at'),
  },
  (t) => [index('surveys_project_idx').on(t.projectId, t.createdAt)],
);

/** The customer who answers. external_id is the id in the customer's own system. */
export const people = pgTable(
  'people',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    email: text('email'),
    name: text('name'),
    locale: text('locale'),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('people_project_external_id_key').on(t.projectId, t.externalId),
    index('people_project_email_idx').on(t.projectId, sql`lower(${t.email})`),
    index('people_project_created_idx').on(t.projectId, t.createdAt, t.id),
  ],
);

export const RESPONSE_CHANNELS = ['web', 'email', 'link', 'api', 'import'] as const;
export type ResponseChannel = (typeof RESPONSE_CHANNELS)[number];
export type ResponseCategory = 'promoter' | 'passive' | 'detractor';

export const responses = pgTable(
  'responses',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    surveyId: text('survey_id')
      .notNull()
      .references(() => surveys.id),
    personId: text('person_id').references(() => people.id),
    score: smallint('score').notNull(),
    category: text('category').$type<ResponseCategory>().notNull(),
    comment: text('comment'),
    locale: text('locale'),
    channel: text('channel').$type<ResponseChannel>().notNull().default('api'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    idempotencyKey: text('idempotency_key'),
    /** Detected language of the comment (ISO 639-1 or 'und'). */
    language: text('language'),
    sentimentScore: real('sentiment_score'),
    sentimentLabel: text('sentiment_label').$type<'positive' | 'negative' | 'neutral'>(),
    sentimentVersion: text('sentiment_version'),
    themes: jsonb('themes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Each matched theme's own sentiment in the comment ({ theme, score, label }, in `themes` order), read
     * where the theme is mentioned; null when not analysed yet (insights fall back to sentimentScore). */
    themeSentiments: jsonb('theme_sentiments').$type<{ theme: string; score: number; label: 'positive' | 'negative' | 'neutral' }[]>(),
    /** How many times this answer was changed after it was first stored (score or comment). */
    revision: integer('revision').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('responses_project_idempotency_key').on(t.projectId, t.idempotencyKey),
    // Newest-first feeds and keyset pagination.
    index('responses_project_created_idx').on(t.projectId, t.createdAt.desc(), t.id.desc()),
    // Metrics: covering index so NPS over a time range is an index-only scan.
    index('responses_metrics_idx').on(t.projectId, t.createdAt, t.score, t.surveyId, t.channel, t.locale),
    index('responses_survey_created_idx').on(t.surveyId, t.createdAt),
    index('responses_person_idx').on(t.personId, t.createdAt),
    // Segment metrics: from the people a segment selects to their answers' times and scores, reading no table rows.
    // The migration (0022) adds INCLUDE (score), which drizzle's index builder cannot say.
    index('responses_project_person_scores_idx').on(t.projectId, t.personId, t.createdAt),
  ],
);
