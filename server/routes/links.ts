import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { randomToken } from '../ids';
import { answerByLink, checkLink, InvalidLinkError, type LinkClick } from '../services/links/answer';
import { createSurveyLinks, scoreLinkPath } from '../services/links/create';
import { commentPage, invalidLinkPage, thanksPage } from '../services/links/page';
import { linkSecret, signLink } from '../services/links/signing';
import { jsonBody } from '../validation';
import { personBody } from './person-body';
import { projectCtx } from './context';
import { MAX_COMMENT_LENGTH } from './responses';

const createLinksBody = z
  .object({
    person: personBody.refine((p) => p.id || p.email, 'A person needs an id or an email: links answer for someone.'),
    locale: z.enum(['en', 'ja']).optional(),
  })
  .strict();

const baseUrlOf = (c: Context<AppEnv>) => c.var.deps.config.publicUrl ?? new URL(c.req.url).origin;

/** The hosted pages: HTML, our own nonce-allowed stylesheet only, never framed, never indexed. */
function page(c: Context<AppEnv>, status: 200 | 404, render: (nonce: string) => string) {
  const nonce = randomToken(22);
  return c.html(render(nonce), status, {
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
}

function clickOf(c: Context<AppEnv>): LinkClick {
  const raw = c.req.param('score') ?? '';
  return {
    sendId: c.req.param('sendId') ?? '',
    score: /^(10|[0-9])$/.test(raw) ? Number(raw) : NaN,
    signature: c.req.param('signature') ?? '',
  };
}

async function scoreLinks(c: Context<AppEnv>, sendId: string) {
  const secret = await linkSecret(c.var.deps.db);
  return Promise.all(
    Array.from({ length: 11 }, async (_, score) => ({
      score,
      url: scoreLinkPath(sendId, score, await signLink(secret, sendId, score)),
    })),
  );
}

/** Mounted at the root: POST /v1/surveys/:id/links (secret key) and the public /s/… score links. */
export const linkRoutes = new Hono<AppEnv>()
  .post('/v1/surveys/:id/links', requireKey('secret'), jsonBody(createLinksBody), async (c) => {
    const { person, locale } = c.req.valid('json');
    const result = await createSurveyLinks(projectCtx(c), { surveyId: c.req.param('id'), person, locale }, baseUrlOf(c));
    return c.json(result, 201);
  })
  .on(['GET', 'HEAD'], '/s/:sendId/:score/:signature', async (c) => {
    const { db, clock } = c.var.deps;
    const click = clickOf(c);
    try {
      // Mail scanners probe links with HEAD: check them, but only a real visit answers.
      if (c.req.method === 'HEAD') {
        await checkLink(db, clock, click);
        return c.body(null, 200);
      }
      const { send, survey } = await answerByLink(db, clock, click);
      const links = await scoreLinks(c, send.id);
      const formAction = links[click.score]!.url;
      return page(c, 200, (nonce) =>
        commentPage({ survey, locale: send.locale, score: click.score, nonce, formAction, scoreLinks: links }),
      );
    } catch (err) {
      if (err instanceof InvalidLinkError) return page(c, 404, invalidLinkPage);
      throw err;
    }
  })
  .post('/s/:sendId/:score/:signature', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const { db, clock } = c.var.deps;
    const click = clickOf(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const comment = typeof form.comment === 'string' ? form.comment.slice(0, MAX_COMMENT_LENGTH) : undefined;
    try {
      const { send, survey } = await answerByLink(db, clock, click, comment);
      return page(c, 200, (nonce) => thanksPage({ survey, locale: send.locale, nonce }));
    } catch (err) {
      if (err instanceof InvalidLinkError) return page(c, 404, invalidLinkPage);
      throw err;
    }
  });
