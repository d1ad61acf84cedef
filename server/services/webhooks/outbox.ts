import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { webhookDeliveries, webhookEndpoints, type WebhookEventType } from '../../../db/schema';
import { newId } from '../../ids';
import { webhookBody } from '../../webhooks/payload';
import { matchesFilters, storedFilters, type EventSubject } from './filters';

export type OutboxEvent = { type: WebhookEventType; data: Record<string, unknown>; subject: EventSubject | null };

export type Endpoint = typeof webhookEndpoints.$inferSelect;

/** The endpoints that may receive a project's events; each event then picks those subscribed to its type. */
export function enabledEndpoints(tx: Tx, projectId: string) {
  return tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.projectId, projectId), eq(webhookEndpoints.enabled, true), isNull(webhookEndpoints.deletedAt)));
}

/**
 * Writes one outbox row per subscribed endpoint, inside the caller's transaction: the event exists exactly
 * when the change that caused it commits. Returns how many deliveries were queued.
 */
export async function enqueueWebhookEvent(tx: Tx, projectId: string, event: OutboxEvent, now: Date): Promise<number> {
  return enqueueWebhookEvents(tx, [event], await enabledEndpoints(tx, projectId), now);
}

/**
 * Queues several events in one insert, for endpoints the caller has already read (the ingest path reads
 * them with the rest of its context). Each event goes to the endpoints subscribed to its type whose
 * filters match; rows are written in the order of `events`, which is the order they are delivered in.
 */
export async function enqueueWebhookEvents(tx: Tx, events: OutboxEvent[], endpoints: Endpoint[], now: Date): Promise<number> {
  const rows = events.flatMap((event) => deliveryRows(targetsOf(event, endpoints), event, now));
  if (rows.length === 0) return 0;
  await tx.insert(webhookDeliveries).values(rows);
  return rows.length;
}

/** The endpoints an event goes to: subscribed to its type, with filters that match it. */
export function targetsOf(event: OutboxEvent, endpoints: Endpoint[]): Endpoint[] {
  return endpoints.filter((endpoint) => {
    if (!Array.isArray(endpoint.events) || !endpoint.events.includes(event.type)) return false;
    const { filters } = storedFilters(endpoint.filters);
    return filters !== null && matchesFilters(filters, event.subject);
  });
}

/** Queues an event for the given endpoints (all subscribed ones, or one for a test ping); returns the rows. */
export async function queueFor(tx: Tx, endpoints: Endpoint[], event: Omit<OutboxEvent, 'subject'>, now: Date) {
  const rows = deliveryRows(endpoints, event, now);
  if (rows.length === 0) return [];
  return tx.insert(webhookDeliveries).values(rows).returning();
}

export function deliveryRows(endpoints: Endpoint[], event: Omit<OutboxEvent, 'subject'>, now: Date): (typeof webhookDeliveries.$inferInsert)[] {
  if (endpoints.length === 0) return [];
  const eventId = newId('evt');
  const payload = { type: event.type, timestamp: now.toISOString(), data: event.data };
  return endpoints.map((endpoint) => ({
    id: newId('dlv'),
    projectId: endpoint.projectId,
    endpointId: endpoint.id,
    eventId,
    eventType: event.type,
    body: webhookBody(endpoint.format, payload, eventId),
    // While the endpoint is backing off, a new event waits too, so it cannot overtake the ones queued earlier.
    nextAttemptAt: endpoint.backoffUntil && endpoint.backoffUntil > now ? endpoint.backoffUntil : now,
    createdAt: now,
  }));
}
