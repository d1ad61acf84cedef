import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { surveyLinks } from '../../../db/schema';
import type { Clock } from '../../clock';
import type { SecretBox } from '../../crypto/secret-box';
import { submitResponse } from '../responses/submit';
import { getSurvey } from '../surveys/manage';
import { linkSecret, parseLinkToken, verifyLink } from './signing';

/** projectId: the link's `p`, absent from links minted before it was added (and from links it was cut off). */
export type LinkClick = { sendId: string; score: number; token: string; projectId: string | null };

/** What answering through a link needs besides the click: the database and how its secret is kept. */
export type LinkDeps = { db: Database; clock: Clock; secretBox: SecretBox; expiryDays: number };

/** A link that is not one we signed, or whose send or survey is gone: the page says so kindly. */
export class InvalidLinkError extends Error {
  constructor() {
    super('invalid survey link');
  }
}

/** A link we signed whose time is up: nothing is recorded, and the page says why. */
export class ExpiredLinkError extends Error {
  constructor() {
    super('expired survey link');
  }
}

const DAY_SECONDS = 86_400;

async function openSend(deps: LinkDeps, click: LinkClick) {
  const { db, clock } = deps;
  if (!Number.isInteger(click.score) || click.score < 0 || click.score > 10) throw new InvalidLinkError();
  const token = parseLinkToken(click.token);
  if (!token) throw new InvalidLinkError();
  const secret = await linkSecret(db, deps.secretBox);
  if (!(await verifyLink(secret, click.sendId, click.score, token.expiresAt, token.signature))) throw new InvalidLinkError();
  const [send] = await db
    .select()
    .from(surveyLinks)
    .where(click.projectId === null ? eq(surveyLinks.id, click.sendId) : and(eq(surveyLinks.projectId, click.projectId), eq(surveyLinks.id, click.sendId)));
  if (!send) throw new InvalidLinkError();
  // Legacy links (signed before expiry existed) get the lifetime a new link has, counted from their send.
  const expiresAt = token.expiresAt ?? Math.floor(send.createdAt.getTime() / 1000) + deps.expiryDays * DAY_SECONDS;
  if (clock.now().getTime() >= expiresAt * 1000) throw new ExpiredLinkError();
  const ctx = { db, clock, projectId: send.projectId };
  const survey = await getSurvey(ctx, send.surveyId).catch(() => {
    throw new InvalidLinkError();
  });
  return { ctx, send, survey, expiresAt };
}

/**
 * Records (or changes) the score of this send. The idempotency key is the
 * send's, so clicking twice, or clicking 7 after 6, leaves one response.
 */
export async function answerByLink(deps: LinkDeps, click: LinkClick, comment?: string) {
  const { ctx, send, survey, expiresAt } = await openSend(deps, click);
  const { response } = await submitResponse(ctx, {
    surveyId: send.surveyId,
    score: click.score,
    comment,
    idempotencyKey: `link:${send.id}`,
    person: send.person,
    channel: 'email',
    locale: send.locale,
    personTrust: 'trusted', // the person was named by the secret key that created the send
  });
  return { send, survey, response, expiresAt };
}

/** For HEAD requests (link scanners): check the link, record nothing. */
export async function checkLink(deps: LinkDeps, click: LinkClick) {
  const { send, survey } = await openSend(deps, click);
  return { send, survey };
}
