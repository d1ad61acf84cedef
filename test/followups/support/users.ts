// Assignees are dashboard users; tests insert them (and their memberships) directly.
import type { Database } from '../../../db/client';
import { memberships, users } from '../../../db/schema';
import { newId } from '../../../server/ids';

export async function addMember(db: Database, projectId: string, name: string, joinedAt = new Date()) {
  const id = newId('usr');
  await db.insert(users).values({ id, email: `${id}@example.com`, name });
  await db.insert(memberships).values({ projectId, userId: id, role: 'member', createdAt: joinedAt });
  return id;
}
