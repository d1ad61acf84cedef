import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import { people, responses } from '../../../db/schema';
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

/** Who answered, as a list names them: enough to say "Hana Suzuki" or "hana@example.jp" without a second request. */
export type AnswerPerson = { name: string | null; email: string | null };

/**
 * Newest first, keyset-paginated on (created_at, id): a page never repeats or skips a row, even while
 * new answers arrive (they sort before the first page, not into the middle of the feed). Each answer comes
 * with its person's name and email (null for an anonymous answer), so a feed can say who answered.
 */
export async function listResponses(ctx: ProjectCtx, filters: ResponseFilters, page: { limit: number; cursor?: string }) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db
    .select({ ...getTableColumns(responses), personName: people.name, personEmail: people.email })
    .from(responses)
    .leftJoin(people, and(eq(people.id, responses.personId), eq(people.projectId, ctx.projectId)))
    .where(
      and(
        responseConditions(ctx.projectId, filters),
        olderThan(after, responses.createdAt, responses.id),
      ),
    )
    .orderBy(desc(responses.createdAt), desc(responses.id))
    .limit(page.limit + 1);
  const withPerson = rows.map(({ personName, personEmail, ...response }) => ({
    ...response,
    person: response.personId ? ({ name: personName, email: personEmail } satisfies AnswerPerson) : null,
  }));
  return pageOf(withPerson, page.limit);
}
