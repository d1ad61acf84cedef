import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { delightedPerson, delightedResponse, type DelightedNote } from '../../services/delighted/present';
import { answerForPerson, changeAnswer, listDelightedResponses, notesByResponse, peopleByIds } from '../../services/delighted/responses';
import type { ProjectCtx } from '../../services/context';
import type { ResponseRow } from '../../services/responses/present';
import { getResponse } from '../../services/responses/read';
import { jsonBody, queryParams } from '../../validation';
import { projectCtx } from '../context';
import { boundedJsonObject, storableText } from '../fields';
import { MAX_COMMENT_LENGTH } from '../responses';
import { expandQuery, expansions, invalid, pageParam, perPageParam, publicBase, setNextLink, unixParam } from './http';

const score = z.number().int('score must be a whole number from 0 to 10').min(0).max(10);

const createBody = z.object({
  person: z.union([z.string().min(1).max(100), z.number().int().transform(String)]),
  score,
  comment: storableText(MAX_COMMENT_LENGTH).nullish(),
  person_properties: boundedJsonObject.optional(),
  /** Kizuna's survey id (Delighted's trends group answers; Kizuna's surveys do). */
  trend: z.string().min(1).max(100).optional(),
});

// save() sends the whole object back (id, person, permalink, notes…): what cannot change is ignored.
const changeBody = z.object({
  id: z.union([z.string().max(100), z.number().int().transform(String)]).optional(),
  score: score.optional(),
  comment: storableText(MAX_COMMENT_LENGTH).nullish(),
  person_properties: boundedJsonObject.optional(),
});

const listQuery = z.object({
  per_page: perPageParam,
  page: pageParam,
  since: unixParam.optional(),
  until: unixParam.optional(),
  updated_since: unixParam.optional(),
  updated_until: unixParam.optional(),
  trend: z.string().max(100).optional(),
  person_id: z.string().max(100).optional(),
  person_email: z.string().max(320).optional(),
  order: z.enum(['asc', 'desc', 'asc:created_at', 'desc:created_at', 'asc:updated_at', 'desc:updated_at']).default('asc'),
  ...expandQuery,
});
const getQuery = z.object(expandQuery);

/** Answers in Delighted's shape, with their people and notes when asked to expand them. */
async function present(c: Context<AppEnv>, ctx: ProjectCtx, rows: ResponseRow[], expand: Set<string>) {
  const persons = expand.has('person') ? await peopleByIds(ctx, rows.flatMap((r) => (r.personId ? [r.personId] : []))) : null;
  const notes = expand.has('notes') ? await notesByResponse(ctx, rows.map((r) => r.id)) : new Map<string, DelightedNote[]>();
  const base = publicBase(c);
  return rows.map((row) => {
    const person = persons ? (row.personId && persons.has(row.personId) ? delightedPerson(persons.get(row.personId)!) : null) : undefined;
    return delightedResponse(row, { base, person, notes: notes.get(row.id) ?? [] });
  });
}

async function change(c: Context<AppEnv>, id: string, body: z.output<typeof changeBody>) {
  const ctx = projectCtx(c);
  const row = await changeAnswer(ctx, id, { score: body.score, comment: body.comment, properties: body.person_properties });
  const [shaped] = await present(c, ctx, [row], new Set());
  return c.json(shaped);
}

export const delightedResponseRoutes = new Hono<AppEnv>()
  .get('/survey_responses', queryParams(listQuery), async (c) => {
    const q = c.req.valid('query');
    const [order, orderBy = 'created_at'] = q.order.split(':') as ['asc' | 'desc', ('created_at' | 'updated_at')?];
    const ctx = projectCtx(c);
    const rows = await listDelightedResponses(ctx, {
      perPage: q.per_page,
      page: q.page,
      since: q.since,
      until: q.until,
      updatedSince: q.updated_since,
      updatedUntil: q.updated_until,
      surveyId: q.trend,
      personId: q.person_id,
      personEmail: q.person_email,
      order,
      orderBy,
    });
    if (rows.length === q.per_page) setNextLink(c, { page: String(q.page + 1) });
    return c.json(await present(c, ctx, rows, expansions(q)));
  })
  .post('/survey_responses', jsonBody(createBody), async (c) => {
    const body = c.req.valid('json');
    const ctx = projectCtx(c);
    const row = await answerForPerson(ctx, {
      personId: body.person,
      score: body.score,
      comment: body.comment,
      properties: body.person_properties,
      trend: body.trend,
    });
    const [shaped] = await present(c, ctx, [row], new Set());
    return c.json(shaped, 201);
  })
  // The official clients' save() puts the whole object to the collection, with its id inside.
  .put('/survey_responses', jsonBody(changeBody), async (c) => {
    const body = c.req.valid('json');
    if (!body.id) throw invalid('id', 'Send the id of the survey response to change.');
    return change(c, body.id, body);
  })
  .put('/survey_responses/:id', jsonBody(changeBody), async (c) => change(c, c.req.param('id'), c.req.valid('json')))
  .get('/survey_responses/:id', queryParams(getQuery), async (c) => {
    const ctx = projectCtx(c);
    const row = await getResponse(ctx, c.req.param('id'));
    const [shaped] = await present(c, ctx, [row], expansions(c.req.valid('query')));
    return c.json(shaped);
  });
