import { stringify } from 'csv-stringify/sync';
import { and, desc, eq } from 'drizzle-orm';
import { people, responses } from '../../../db/schema';
import type { ProjectCtx } from '../context';
import { olderThan, type Cursor } from '../pagination';
import { responseConditions, type ResponseFilters } from './filters';

const columns = [
  'id',
  'createdAt',
  'surveyId',
  'score',
  'category',
  'comment',
  'personId',
  'externalId',
  'email',
  'name',
  'channel',
  'locale',
  'language',
  'sentimentScore',
  'sentimentLabel',
  'themes',
] as const;

const BATCH = 2000;

/**
 * The filtered responses as CSV, newest first, streamed in keyset batches so memory stays flat for a
 * million rows. `bom` prefixes a UTF-8 byte order mark, which Excel needs to open Japanese text correctly.
 * Cells that start like a formula (=, +, -, @) are escaped so a comment cannot run in a spreadsheet.
 */
export function exportResponsesCsv(ctx: ProjectCtx, filters: ResponseFilters, options: { bom: boolean }) {
  const encoder = new TextEncoder();
  let after: Cursor | null = null;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await ctx.db
        .select({
          id: responses.id,
          createdAt: responses.createdAt,
          surveyId: responses.surveyId,
          score: responses.score,
          category: responses.category,
          comment: responses.comment,
          personId: responses.personId,
          externalId: people.externalId,
          email: people.email,
          name: people.name,
          channel: responses.channel,
          locale: responses.locale,
          language: responses.language,
          sentimentScore: responses.sentimentScore,
          sentimentLabel: responses.sentimentLabel,
          themes: responses.themes,
        })
        .from(responses)
        .leftJoin(people, and(eq(people.projectId, responses.projectId), eq(people.id, responses.personId)))
        .where(
          and(
            responseConditions(ctx.projectId, filters),
            olderThan(after, responses.createdAt, responses.id),
          ),
        )
        .orderBy(desc(responses.createdAt), desc(responses.id))
        .limit(BATCH);
      const text = stringify(
        rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), themes: r.themes.join('|') })),
        { header: first, columns: [...columns], bom: first && options.bom, escape_formulas: true },
      );
      if (text) controller.enqueue(encoder.encode(text));
      first = false;
      const last = rows.at(-1);
      if (rows.length < BATCH || !last) controller.close();
      else after = { at: last.createdAt, id: last.id };
    },
  });
}
