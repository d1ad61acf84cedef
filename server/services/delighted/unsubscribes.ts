import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { people, unsubscribes } from '../../../db/schema';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';

export async function isUnsubscribed(ctx: ProjectCtx, email: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: unsubscribes.id })
    .from(unsubscribes)
    .where(and(eq(unsubscribes.projectId, ctx.projectId), sql`lower(${unsubscribes.email}) = lower(${email})`))
    .limit(1);
  return row !== undefined;
}

/** Records that an address wants no survey email. Unsubscribing twice keeps the first time. */
export async function unsubscribe(ctx: ProjectCtx, email: string): Promise<void> {
  await ctx.db
    .insert(unsubscribes)
    .values({ id: newId('uns'), projectId: ctx.projectId, email, createdAt: ctx.clock.now() })
    .onConflictDoNothing();
}

/**
 * The unsubscribed addresses, oldest first, page by page (`since` inclusive, `until` exclusive), each with
 * the person who has that address, if any (the oldest, as the answer path picks them by email).
 */
export async function listUnsubscribes(ctx: ProjectCtx, query: { perPage: number; page: number; since?: Date; until?: Date }) {
  const rows = await ctx.db
    .select({ email: unsubscribes.email, createdAt: unsubscribes.createdAt })
    .from(unsubscribes)
    .where(
      and(
        eq(unsubscribes.projectId, ctx.projectId),
        query.since ? gte(unsubscribes.createdAt, query.since) : undefined,
        query.until ? lt(unsubscribes.createdAt, query.until) : undefined,
      ),
    )
    .orderBy(asc(unsubscribes.createdAt), asc(unsubscribes.id))
    .limit(query.perPage)
    .offset((query.page - 1) * query.perPage);
  const emails = [...new Set(rows.map((row) => row.email.toLowerCase()))];
  const owners = emails.length
    ? await ctx.db
        .select({ id: people.id, name: people.name, email: sql<string>`lower(${people.email})` })
        .from(people)
        .where(and(eq(people.projectId, ctx.projectId), inArray(sql`lower(${people.email})`, emails)))
        .orderBy(desc(people.createdAt), desc(people.id))
    : [];
  // Oldest last, so the oldest person with an address is the one the map keeps.
  const ownerOf = new Map(owners.map((owner) => [owner.email, owner]));
  return rows.map((row) => ({ ...row, person: ownerOf.get(row.email.toLowerCase()) ?? null }));
}
