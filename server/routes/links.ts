import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { randomToken } from '../ids';
import { secretBoxOf } from '../crypto/config-box';
import { ApiError } from '../errors';
import { answerByLink, checkLink, ExpiredLinkError, InvalidLinkError, type LinkClick, type LinkDeps } from '../services/links/answer';
import { createSurveyLinks, scorePaths } from '../services/links/create';
import { commentPage, expiredLinkPage, invalidLinkPage, thanksPage } from '../services/links/page';
import { linkSecret } from '../services/links/signing';
import { jsonBody } from '../validation';
import { personBody } from './person-body';
import { projectCtx } from './context';
import { MAX_COMMENT_LENGTH } from './responses';

const createLinksBody = z
  .object({
    person: personBody.refine((p) => p.id || p.email, 'A person needs an id or an email: links answer for someone.'),
    locale: z.enum(['en', 'ja']).optional(),
    /** Days the links work; the instance default (KIZUNA_LINK_EXPIRY_DAYS, 90) otherwise. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

/**
 * Links go to people by email, so their base comes from configuration only: the request's Host header is
 * the caller's (or a proxy's) to choose. Outside production a localhost default keeps development working.
 */
export function baseUrlOf(c: Context<AppEnv>): string {
  const { publicUrl, production, devPublicUrl } = c.var.deps.config;
  if (publicUrl) return publicUrl;
  if (!production) return devPublicUrl;
  throw new ApiError(
    'public_url_not_configured',
    'This instance cannot hand out links: set KIZUNA_PUBLIC_URL to its public address (for example https://feedback.example.com).',
  );
}

const linkDeps = (c: Context<AppEnv>): LinkDeps => ({
  db: c.var.deps.db,
  clock: c.var.deps.clock,
  secretBox: secretBoxOf(c.var.deps.config),
  expiryDays: c.var.deps.config.linkExpiryDays,
});

/** The hosted pages: HTML, our own nonce-allowed stylesheet only, never framed, never indexed. */
function page(c: Context<AppEnv>, status: 200 | 404 | 410, render: (nonce: string) => string) {
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
    token: c.req.param('token') ?? '',
    projectId: c.req.query('p') ?? null,
  };
}

/** The page for a link that cannot answer: unknown or tampered (404), or signed but past its expiry (410). */
function refusedLinkPage(c: Context<AppEnv>, err: unknown) {
  if (err instanceof InvalidLinkError) return page(c, 404, invalidLinkPage);
  if (err instanceof ExpiredLinkError) return page(c, 410, expiredLinkPage);
  throw err;
}

/** Mounted at the root: POST /v1/surveys/:id/links (secret key) and the public /s/… score links. */
export const linkRoutes = new Hono<AppEnv>()
  .post('/v1/surveys/:id/links', requireKey('secret'), jsonBody(createLinksBody), async (c) => {
    const { person, locale, expiresInDays } = c.req.valid('json');
    const { config } = c.var.deps;
    const minting = { baseUrl: baseUrlOf(c), secretBox: secretBoxOf(config), defaultExpiryDays: config.linkExpiryDays };
    const result = await createSurveyLinks(projectCtx(c), { surveyId: c.req.param('id'), person, locale, expiresInDays }, minting);
    return c.json(result, 201);
  })
  .on(['GET', 'HEAD'], '/s/:sendId/:score/:token', async (c) => {
    const deps = linkDeps(c);
    const click = clickOf(c);
    try {
      // Mail scanners probe links with HEAD: check them, but only a real visit answers.
      if (c.req.method === 'HEAD') {
        await checkLink(deps, click);
        return c.body(null, 200);
      }
      const { send, survey, expiresAt } = await answerByLink(deps, click);
      // The page's own links (change the score, send a comment) expire with the one that was clicked.
      const links = await scorePaths(await linkSecret(deps.db, deps.secretBox), send, expiresAt);
      const formAction = links[click.score]!.url;
      return page(c, 200, (nonce) =>
        commentPage({ survey, locale: send.locale, score: click.score, nonce, formAction, scoreLinks: links }),
      );
    } catch (err) {
      return refusedLinkPage(c, err);
    }
  })
  .post('/s/:sendId/:score/:token', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const deps = linkDeps(c);
    const click = clickOf(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const comment = typeof form.comment === 'string' ? form.comment.slice(0, MAX_COMMENT_LENGTH) : undefined;
    try {
      const { send, survey } = await answerByLink(deps, click, comment);
      return page(c, 200, (nonce) => thanksPage({ survey, locale: send.locale, nonce }));
    } catch (err) {
      return refusedLinkPage(c, err);
    }
  });
