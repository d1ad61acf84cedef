import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { projects } from './core';

export type WebhookEventType =
  | 'response.created'
  | 'response.updated'
  | 'followup.opened'
  | 'followup.updated'
  | 'followup.resolved'
  | 'webhook.ping';

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description'),
    events: jsonb('events').$type<WebhookEventType[]>().notNull(),
    /** Validated on write and again when events are matched (server/services/webhooks/filters.ts). */
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    format: text('format').$type<'json' | 'slack' | 'delighted'>().notNull().default('json'),
    /** whsec_…: kept in clear because every delivery is signed with it. */
    secret: text('secret').notNull(),
    /** After a rotation the old secret keeps signing too until it expires, so consumers can switch without a gap. */
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamptz('previous_secret_expires_at'),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    disabledAt: timestamptz('disabled_at'),
    /** Start of the current run of failures (null while healthy): an endpoint failing for days gets disabled. */
    failingSince: timestamptz('failing_since'),
    /** While the receiver is unreachable, later events wait behind the failed one so they arrive in order. */
    backoffUntil: timestamptz('backoff_until'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    deletedAt: timestamptz('deleted_at'),
  },
  (t) => [index('webhook_endpoints_project_idx').on(t.projectId, t.createdAt)],
);

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * The outbox: one row per event per endpoint, written in the transaction that caused the event.
 * The body is stored as text, not jsonb, so every retry sends (and signs) exactly the same bytes.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    /** Commit order: deliveries to one endpoint are sent in this order. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The webhook-id header: the same for every attempt, so consumers can drop duplicates. */
    eventId: text('event_id').notNull(),
    eventType: text('event_type').$type<WebhookEventType>().notNull(),
    body: text('body').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    /** Attempts in the current retry round (a manual retry starts a new round; the attempts table keeps all). */
    attempts: integer('attempts').notNull().default(0),
    /** Due time while pending; while a dispatcher holds the row, the end of its lease. */
    nextAttemptAt: timestamptz('next_attempt_at').notNull(),
    lastAttemptAt: timestamptz('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamptz('delivered_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    // The dispatcher's claim: due pending rows in commit order. Partial, so delivered history costs nothing.
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt, t.seq).where(sql`status = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.seq.desc()),
    // The retention sweep: finished deliveries by age, so deleting old ones never scans the whole log.
    index('webhook_deliveries_finished_idx').on(t.createdAt).where(sql`status <> 'pending'`),
  ],
);

/** Every attempt, kept for the delivery log: status code, duration, error and the start of the reply. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    startedAt: timestamptz('started_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    responseBody: text('response_body'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.startedAt)],
);
