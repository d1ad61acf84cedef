import { and, desc, eq } from 'drizzle-orm';
import { responses } from '../../../db/schema';
import { notFound } from '../../errors';
import type { ProjectCtx } from '../context';
import { decodeCursor, olderThan, pageOf } from '../pagination';
import { responseConditions, type ResponseFilters } from './filters';
import type { ResponseRow } from './present';

export async function getResponse(ctx: ProjectCtx, id: string): Promise<ResponseRow> {
  const [row] = await ctx.db
    .select()
    .from(responses)
    .where(and(eq(responses.id, id), eq(responses.projectId, ctx.projectId)));
  if (!row) throw notFound('Response');
  return row;
}

/**
 * Newest first, keyset-paginated on (created_at, id): a page never repeats or skips a row, even while
 * new answers arrive (they sort before the first page, not into the middle of the feed).
 */
export async function listResponses(ctx: ProjectCtx, filters: ResponseFilters, page: { limit: number; cursor?: string }) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db
    .select()
    .from(responses)
    .where(
      and(
        responseConditions(ctx.projectId, filters),
        olderThan(after, responses.createdAt, responses.id),
      ),
    )
    .orderBy(desc(responses.createdAt), desc(responses.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit);
}
