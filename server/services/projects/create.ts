import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { apiKeys, followUpRules, memberships, projects, users } from '../../../db/schema';
import { displayPrefix, generateApiKey, hashKey, type KeyKind } from '../../auth/keys';
import { newId } from '../../ids';
import { defaultFollowUpRule } from '../followups/rules/default';

export type CreatedProject = { id: string; name: string; timeZone: string; secretKey: string; publishableKey: string };

/** A project comes with one secret and one publishable key; their clear text is returned only here. */
export async function createProject(db: Database, input: { name: string; timeZone?: string }): Promise<CreatedProject> {
  const id = newId('prj');
  const secretKey = generateApiKey('secret');
  const publishableKey = generateApiKey('publishable');
  const keyRow = async (kind: KeyKind, key: string) => ({
    id: newId('key'),
    projectId: id,
    kind,
    hash: await hashKey(key),
    prefix: displayPrefix(key),
    name: kind === 'secret' ? 'Default secret key' : 'Default publishable key',
  });
  const rows = [await keyRow('secret', secretKey), await keyRow('publishable', publishableKey)];
  const timeZone = input.timeZone ?? 'UTC';
  await db.transaction(async (tx) => {
    await tx.insert(projects).values({ id, name: input.name, timeZone });
    await tx.insert(apiKeys).values(rows);
    // Detractors open a follow-up due in 48 hours, from the first answer on.
    await tx.insert(followUpRules).values(defaultFollowUpRule(id, new Date()));
    // The instance owner is an admin member of every project, not only one by privilege: then they appear in
    // the team, can be assigned follow-ups and see their own in "Assigned to me".
    const owners = await tx.select({ id: users.id }).from(users).where(eq(users.isOwner, true));
    if (owners.length > 0) {
      await tx
        .insert(memberships)
        .values(owners.map((owner) => ({ projectId: id, userId: owner.id, role: 'admin' as const })))
        .onConflictDoNothing();
    }
  });
  return { id, name: input.name, timeZone, secretKey, publishableKey };
}
