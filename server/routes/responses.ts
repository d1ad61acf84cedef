import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors';
import { isStorable, toStorable } from '../storable';
import { boundedJsonObject } from './fields';
import { limitPublicIngest } from '../auth/ingest-limit';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { exportResponsesCsv } from '../services/responses/export-csv';
import { presentResponse } from '../services/responses/present';
import { getResponse, listResponses } from '../services/responses/read';
import { submitResponse } from '../services/responses/submit';
import type { ProjectCtx } from '../services/context';
import { jsonBody, queryParams } from '../validation';
import { personBody } from './person-body';
import { projectCtx } from './context';
import { booleanParam, channelParam, instantParam, limitParam, resolveRange, segmentIdParam, timeZoneParam, withSegment } from './query';

export const MAX_COMMENT_LENGTH = 10_000;

const submitBody = z.object({
  surveyId: z.string().min(1).max(100),
  score: z.number().int('score must be a whole number from 0 to 10').min(0).max(10),
  comment: z.string().max(MAX_COMMENT_LENGTH).transform(toStorable).nullish(),
  idempotencyKey: z.string().min(1).max(200).optional(),
  person: personBody.optional(),
  channel: channelParam.optional(),
  locale: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, 'A language tag such as "en" or "ja-JP"')
    .optional(),
  properties: boundedJsonObject.optional(),
});

const filterQuery = z.object({
  surveyId: z.string().max(100).optional(),
  from: instantParam.optional(),
  to: instantParam.optional(),
  tz: timeZoneParam,
  category: z.enum(['promoter', 'passive', 'detractor']).optional(),
  channel: channelParam.optional(),
  locale: z.string().max(35).optional(),
  language: z.string().max(10).optional(),
  hasComment: booleanParam.optional(),
  personId: z.string().max(100).optional(),
  sentiment: z.enum(['positive', 'negative', 'neutral']).optional(),
  theme: z.string().max(200).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  segmentId: segmentIdParam,
});
const listQuery = filterQuery.extend({ limit: limitParam(1000, 50), cursor: z.string().max(500).optional() });
const exportQuery = filterQuery.extend({ bom: booleanParam.default(true) });

/** The Idempotency-Key header, held to the same rules as the body's idempotencyKey. */
function idempotencyKeyHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > 200 || !isStorable(value)) {
    throw new ApiError('validation_failed', 'The request is not valid.', [
      { path: 'Idempotency-Key', message: 'An idempotency key is 1 to 200 characters, with no NUL or unpaired surrogate.', code: 'invalid_header' },
    ]);
  }
  return value;
}

async function filtersOf(ctx: ProjectCtx, { tz, from, to, ...rest }: z.output<typeof filterQuery>) {
  return { ...(await withSegment(ctx, rest)), ...resolveRange({ from, to, tz }) };
}

export const responseRoutes = new Hono<AppEnv>()
  .post('/', requireKey('secret', 'publishable'), limitPublicIngest, jsonBody(submitBody), async (c) => {
    const body = c.req.valid('json');
    const idempotencyKey = body.idempotencyKey ?? idempotencyKeyHeader(c.req.header('idempotency-key'));
    // The publishable key is public (it sits in the customer's pages): what it says about a person is a claim.
    const personTrust = c.var.auth.kind === 'secret' ? 'trusted' : 'untrusted';
    const { response, change } = await submitResponse(projectCtx(c), { ...body, idempotencyKey, personTrust });
    return c.json(presentResponse(response), change === 'created' ? 201 : 200);
  })
  .get('/export.csv', requireKey('secret'), queryParams(exportQuery), async (c) => {
    const { bom, ...query } = c.req.valid('query');
    const ctx = projectCtx(c);
    const stream = exportResponsesCsv(ctx, await filtersOf(ctx, query), { bom });
    const day = c.var.deps.clock.now().toISOString().slice(0, 10);
    return c.body(stream, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="kizuna-responses-${day}.csv"`,
    });
  })
  .get('/', requireKey('secret'), queryParams(listQuery), async (c) => {
    const { limit, cursor, ...query } = c.req.valid('query');
    const ctx = projectCtx(c);
    const page = await listResponses(ctx, await filtersOf(ctx, query), { limit, cursor });
    return c.json({ data: page.data.map(({ person, ...response }) => ({ ...presentResponse(response), person })), nextCursor: page.nextCursor });
  })
  .get('/:id', requireKey('secret'), async (c) => c.json(presentResponse(await getResponse(projectCtx(c), c.req.param('id')))));
