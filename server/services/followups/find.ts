import { and, eq } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client';
import { followUps } from '../../../db/schema';
import { notFound } from '../../errors';

/** A case of this project, locked for the rest of the transaction when `forUpdate` (changes serialize). */
export async function findFollowUp(db: Database | Tx, projectId: string, id: string, forUpdate = false) {
  const query = db.select().from(followUps).where(and(eq(followUps.id, id), eq(followUps.projectId, projectId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Follow-up');
  return row;
}
