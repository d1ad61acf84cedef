import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { people } from '../../../db/schema';
import { newId } from '../../ids';

export type PersonInput = {
  id?: string;
  email?: string;
  name?: string;
  locale?: string;
  traits?: Record<string, unknown>;
  /** Proof of the id for calls with the publishable key (responses/person-trust.ts); never stored. */
  signature?: string;
};

export type PersonRow = typeof people.$inferSelect;

/**
 * How a person named by the caller's id merges into the stored one: a field given replaces the stored value, one
 * left out keeps it, and traits merge key by key. For an insert of people by (project, external id).
 */
export function mergeByExternalId(now: Date) {
  return {
    target: [people.projectId, people.externalId],
    set: {
      email: sql`coalesce(excluded.email, ${people.email})`,
      name: sql`coalesce(excluded.name, ${people.name})`,
      locale: sql`coalesce(excluded.locale, ${people.locale})`,
      traits: sql`${people.traits} || excluded.traits`,
      updatedAt: now,
    },
  };
}

/**
 * Finds or creates the customer behind an answer and refreshes what we know of them.
 * The caller's own id is the identity; an email alone is used when no id is given. Traits merge key by key.
 * Returns the person as stored after the change (null when the input names nobody).
 */
export async function upsertPerson(tx: Tx, projectId: string, input: PersonInput, now: Date): Promise<PersonRow | null> {
  const traits = input.traits ?? {};
  if (input.id) {
    const [row] = await tx
      .insert(people)
      .values({
        id: newId('per'),
        projectId,
        externalId: input.id,
        email: input.email ?? null,
        name: input.name ?? null,
        locale: input.locale ?? null,
        traits,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate(mergeByExternalId(now))
      .returning();
    return row!;
  }
  if (input.email) {
    const [existing] = await tx
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.projectId, projectId), sql`lower(${people.email}) = lower(${input.email})`))
      .orderBy(people.createdAt)
      .limit(1);
    if (existing) {
      const [updated] = await tx
        .update(people)
        .set({
          name: input.name ?? sql`${people.name}`,
          locale: input.locale ?? sql`${people.locale}`,
          traits: sql`${people.traits} || ${JSON.stringify(traits)}::jsonb`,
          updatedAt: now,
        })
        .where(and(eq(people.projectId, projectId), eq(people.id, existing.id)))
        .returning();
      return updated!;
    }
    const [row] = await tx
      .insert(people)
      .values({
        id: newId('per'),
        projectId,
        email: input.email,
        name: input.name ?? null,
        locale: input.locale ?? null,
        traits,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return row!;
  }
  return null;
}
