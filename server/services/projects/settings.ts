import { eq } from 'drizzle-orm';
import { projects } from '../../../db/schema';
import { notFound } from '../../errors';
import type { ProjectCtx } from '../context';

export type ProjectSettings = { id: string; name: string; timeZone: string; allowedOrigins: string[]; createdAt: Date };

// Named columns: the project row also holds its identity secret, which only its own admin route shows.
const settingsColumns = {
  id: projects.id,
  name: projects.name,
  timeZone: projects.timeZone,
  allowedOrigins: projects.allowedOrigins,
  createdAt: projects.createdAt,
};

export async function getProject(ctx: ProjectCtx): Promise<ProjectSettings> {
  const [row] = await ctx.db.select(settingsColumns).from(projects).where(eq(projects.id, ctx.projectId));
  if (!row) throw notFound('Project');
  return row;
}

export async function updateProject(
  ctx: ProjectCtx,
  patch: Partial<Pick<ProjectSettings, 'name' | 'timeZone' | 'allowedOrigins'>>,
): Promise<ProjectSettings> {
  if (Object.keys(patch).length === 0) return getProject(ctx);
  const [row] = await ctx.db.update(projects).set(patch).where(eq(projects.id, ctx.projectId)).returning(settingsColumns);
  if (!row) throw notFound('Project');
  return row;
}
