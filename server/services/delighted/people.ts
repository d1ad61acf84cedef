import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { people, responses, surveyLinks, widgetDismissals } from '../../../db/schema';
import type { ProjectCtx } from '../context';
import { decodeCursor, newerThan, pageOf } from '../pagination';
import { upsertPerson, type PersonRow } from '../people/upsert';

export type DelightedPersonInput = { email: string; name?: string; locale?: string; properties?: Record<string, unknown> };

/**
 * POST /people: the person with this email, created or updated (name when given, properties merged key by
 * key), by the same upsert the answer path uses.
 */
export async function saveDelightedPerson(ctx: ProjectCtx, input: DelightedPersonInput): Promise<PersonRow> {
  const now = ctx.clock.now();
  const person = await ctx.db.transaction((tx) =>
    upsertPerson(tx, ctx.projectId, { email: input.email, name: input.name, locale: input.locale, traits: input.properties }, now),
  );
  return person!;
}

export type PeoplePage = { perPage: number; cursor?: string; since?: Date; until?: Date; email?: string };

/** Everyone, oldest first, keyset-paginated on (created_at, id); `since` inclusive, `until` exclusive. */
export async function listDelightedPeople(ctx: ProjectCtx, page: PeoplePage) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db
    .select()
    .from(people)
    .where(
      and(
        eq(people.projectId, ctx.projectId),
        page.email ? sql`lower(${people.email}) = lower(${page.email})` : undefined,
        page.since ? gte(people.createdAt, page.since) : undefined,
        page.until ? lt(people.createdAt, page.until) : undefined,
        newerThan(after, people.createdAt, people.id),
      ),
    )
    .orderBy(asc(people.createdAt), asc(people.id))
    .limit(page.perPage + 1);
  return pageOf(rows, page.perPage);
}

export type PersonRef = { id: string } | { email: string };

const refCondition = (ref: PersonRef) => ('id' in ref ? eq(people.id, ref.id) : sql`lower(${people.email}) = lower(${ref.email})`);

/** One person by id or email (the oldest with that email, as the answer path picks them); null if unknown. */
export async function findDelightedPerson(ctx: ProjectCtx, ref: PersonRef): Promise<PersonRow | null> {
  const [row] = await ctx.db
    .select()
    .from(people)
    .where(and(eq(people.projectId, ctx.projectId), refCondition(ref)))
    .orderBy(asc(people.createdAt), asc(people.id))
    .limit(1);
  return row ?? null;
}

/**
 * DELETE /people/:id|email:…: the person's record (contact details, properties) is erased, and so is what the
 * survey sends to them remember of them. Their answers stay, without a person: Kizuna never loses an answer,
 * and the scores remain part of the project's history. Returns how many people were deleted (0: unknown).
 */
export async function deleteDelightedPerson(ctx: ProjectCtx, ref: PersonRef): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const found = await tx
      .select({ id: people.id, email: people.email, externalId: people.externalId })
      .from(people)
      .where(and(eq(people.projectId, ctx.projectId), refCondition(ref)));
    for (const person of found) {
      await tx.update(responses).set({ personId: null }).where(and(eq(responses.projectId, ctx.projectId), eq(responses.personId, person.id)));
      await tx
        .update(widgetDismissals)
        .set({ personId: null })
        .where(and(eq(widgetDismissals.projectId, ctx.projectId), eq(widgetDismissals.personId, person.id)));
      await tx
        .update(surveyLinks)
        .set({ person: {} })
        .where(
          and(
            eq(surveyLinks.projectId, ctx.projectId),
            sql`(lower(${surveyLinks.person}->>'email') = lower(${person.email ?? ''}) or ${surveyLinks.person}->>'id' = ${person.externalId ?? ''})`,
          ),
        );
      await tx.delete(people).where(and(eq(people.projectId, ctx.projectId), eq(people.id, person.id)));
    }
    return found.length;
  });
}
