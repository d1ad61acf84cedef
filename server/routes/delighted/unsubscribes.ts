import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { unixSeconds } from '../../services/delighted/present';
import { listUnsubscribes, unsubscribe } from '../../services/delighted/unsubscribes';
import { jsonBody, queryParams } from '../../validation';
import { projectCtx } from '../context';
import { pageParam, perPageParam, setNextLink, unixParam } from './http';

const listQuery = z.object({ per_page: perPageParam, page: pageParam, since: unixParam.optional(), until: unixParam.optional() });
const createBody = z.object({ person_email: z.email().max(320) });

export const delightedUnsubscribeRoutes = new Hono<AppEnv>()
  .get('/unsubscribes', queryParams(listQuery), async (c) => {
    const q = c.req.valid('query');
    const rows = await listUnsubscribes(projectCtx(c), { perPage: q.per_page, page: q.page, since: q.since, until: q.until });
    if (rows.length === q.per_page) setNextLink(c, { page: String(q.page + 1) });
    return c.json(
      rows.map((row) => ({ person_id: row.person?.id ?? null, email: row.email, name: row.person?.name ?? null, unsubscribed_at: unixSeconds(row.createdAt) })),
    );
  })
  .post('/unsubscribes', jsonBody(createBody), async (c) => {
    await unsubscribe(projectCtx(c), c.req.valid('json').person_email);
    return c.json({ ok: true });
  })
  // Kizuna does not learn of bounces (its SMTP relay handles them), so it has none to list: always empty.
  .get('/bounces', (c) => c.json([]));
