import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { people, responses } from '../../../db/schema';
import { notFound } from '../../errors';
import type { ProjectCtx } from '../context';
import { decodeCursor, newerThan, pageOf } from '../pagination';
import { presentResponse } from '../responses/present';

type PersonRow = typeof people.$inferSelect;
const presentPerson = ({ projectId: _project, ...person }: PersonRow) => person;

/** A person and every answer they gave, newest first: the start of the 360° view. */
export async function getPerson(ctx: ProjectCtx, id: string) {
  const [person] = await ctx.db
    .select()
    .from(people)
    .where(and(eq(people.id, id), eq(people.projectId, ctx.projectId)));
  if (!person) throw notFound('Person');
  const answers = await ctx.db
    .select()
    .from(responses)
    .where(and(eq(responses.projectId, ctx.projectId), eq(responses.personId, id)))
    .orderBy(desc(responses.createdAt), desc(responses.id));
  return { ...presentPerson(person), responses: answers.map(presentResponse) };
}

/** Look a person up by the caller's own id or by email; without either, page through everyone (oldest first). */
export async function findPeople(
  ctx: ProjectCtx,
  query: { externalId?: string; email?: string; limit: number; cursor?: string },
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await ctx.db
    .select()
    .from(people)
    .where(
      and(
        eq(people.projectId, ctx.projectId),
        query.externalId ? eq(people.externalId, query.externalId) : undefined,
        query.email ? sql`lower(${people.email}) = lower(${query.email})` : undefined,
        newerThan(after, people.createdAt, people.id),
      ),
    )
    .orderBy(asc(people.createdAt), asc(people.id))
    .limit(query.limit + 1);
  const { data, nextCursor } = pageOf(rows, query.limit);
  return { data: data.map(presentPerson), nextCursor };
}
