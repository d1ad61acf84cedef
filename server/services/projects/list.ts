import { asc } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { projects } from '../../../db/schema';

/** Every project of the instance: only the admin key (and the instance owner in the dashboard) may ask. */
export async function listAllProjects(db: Database) {
  return db
    .select({ id: projects.id, name: projects.name, timeZone: projects.timeZone, createdAt: projects.createdAt })
    .from(projects)
    .orderBy(asc(projects.createdAt), asc(projects.id));
}
