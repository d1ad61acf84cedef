import { Hono } from 'hono';
import { z } from 'zod';
import { secretBoxOf } from '../../crypto/config-box';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { deleteDelightedPerson, findDelightedPerson, listDelightedPeople, saveDelightedPerson, type PersonRef } from '../../services/delighted/people';
import { delightedPerson, unixSeconds } from '../../services/delighted/present';
import { sendSurveyTo } from '../../services/delighted/send-survey';
import { delightedSurvey } from '../../services/delighted/survey';
import { toStorable } from '../../storable';
import { jsonBody, queryParams } from '../../validation';
import { projectCtx } from '../context';
import { traitsObject } from '../fields';
import { baseUrlOf } from '../links';
import { invalid, perPageParam, setNextLink, unixParam } from './http';

const createBody = z.object({
  email: z.email().max(320),
  name: z.string().trim().max(200).transform(toStorable).optional(),
  properties: traitsObject.optional(),
  /** false: record the person without sending a survey. */
  send: z.boolean().optional(),
  channel: z.enum(['email', 'sms']).optional(),
  /** Delighted's delay before sending, in seconds; accepted, but Kizuna sends at once. */
  delay: z.number().int().min(0).optional(),
  /** Kizuna's own: the language of the survey email (else the person's `locale` property, else the survey's). */
  locale: z.enum(['en', 'ja']).optional(),
});

const listQuery = z.object({
  per_page: perPageParam,
  page_info: z.string().max(500).optional(),
  since: unixParam.optional(),
  until: unixParam.optional(),
  email: z.string().max(320).optional(),
});

const asLocale = (value: unknown) => (value === 'en' || value === 'ja' ? value : undefined);

/** "email:someone@example.com" names a person by email, anything else is a Kizuna person id. */
function personRef(ref: string): PersonRef {
  if (ref.startsWith('email:')) return { email: ref.slice('email:'.length) };
  if (ref.startsWith('phone_number:')) throw invalid('phone_number', 'Kizuna keeps no phone numbers: name the person by id or email.');
  return { id: ref };
}

export const delightedPeopleRoutes = new Hono<AppEnv>()
  .post('/people', jsonBody(createBody), async (c) => {
    const body = c.req.valid('json');
    if (body.channel === 'sms') throw invalid('channel', 'Kizuna surveys by email: SMS is not available.');
    const ctx = projectCtx(c);
    const locale = body.locale ?? asLocale(body.properties?.locale);
    const person = await saveDelightedPerson(ctx, { email: body.email, name: body.name, locale, properties: body.properties });
    let sent = null;
    if (body.send !== false) {
      const { config, mailer } = c.var.deps;
      const minting = { baseUrl: baseUrlOf(c), secretBox: secretBoxOf(config), defaultExpiryDays: config.linkExpiryDays };
      sent = await sendSurveyTo(ctx, person, await delightedSurvey(ctx, undefined, { forEmail: true }), { minting, mailer, locale });
    }
    return c.json({
      ...delightedPerson(person),
      survey_scheduled_at: sent?.emailed ? unixSeconds(ctx.clock.now()) : null,
      // Kizuna's own: the send's links, for a caller who mails them itself (or when this instance has no mail).
      survey_link: sent ? { id: sent.linkId, emailed: sent.emailed, expires_at: unixSeconds(sent.expiresAt), links: sent.links } : null,
    });
  })
  .get('/people', queryParams(listQuery), async (c) => {
    const q = c.req.valid('query');
    const page = await listDelightedPeople(projectCtx(c), { perPage: q.per_page, cursor: q.page_info, since: q.since, until: q.until, email: q.email });
    if (page.nextCursor) setNextLink(c, { page_info: page.nextCursor });
    return c.json(page.data.map(delightedPerson));
  })
  .get('/people/:ref', async (c) => {
    const person = await findDelightedPerson(projectCtx(c), personRef(c.req.param('ref')));
    if (!person) throw new ApiError('not_found', 'Person not found.');
    return c.json(delightedPerson(person));
  })
  .delete('/people/:ref', async (c) => {
    const deleted = await deleteDelightedPerson(projectCtx(c), personRef(c.req.param('ref')));
    if (deleted === 0) throw new ApiError('not_found', 'Person not found.');
    return c.json({ ok: true }, 202);
  });
