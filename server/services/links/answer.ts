import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { surveyLinks } from '../../../db/schema';
import type { Clock } from '../../clock';
import { submitResponse } from '../responses/submit';
import { getSurvey } from '../surveys/manage';
import { linkSecret, verifyLink } from './signing';

export type LinkClick = { sendId: string; score: number; signature: string };

/** A link that is not one we signed, or whose send or survey is gone: the page says so kindly. */
export class InvalidLinkError extends Error {
  constructor() {
    super('invalid survey link');
  }
}

async function openSend(db: Database, clock: Clock, click: LinkClick) {
  if (!Number.isInteger(click.score) || click.score < 0 || click.score > 10) throw new InvalidLinkError();
  if (!(await verifyLink(await linkSecret(db), click.sendId, click.score, click.signature))) throw new InvalidLinkError();
  const [send] = await db.select().from(surveyLinks).where(eq(surveyLinks.id, click.sendId));
  if (!send) throw new InvalidLinkError();
  const ctx = { db, clock, projectId: send.projectId };
  const survey = await getSurvey(ctx, send.surveyId).catch(() => {
    throw new InvalidLinkError();
  });
  return { ctx, send, survey };
}

/**
 * Records (or changes) the score of this send. The idempotency key is the
 * send's, so clicking twice, or clicking 7 after 6, leaves one response.
 */
export async function answerByLink(db: Database, clock: Clock, click: LinkClick, comment?: string) {
  const { ctx, send, survey } = await openSend(db, clock, click);
  const { response } = await submitResponse(ctx, {
    surveyId: send.surveyId,
    score: click.score,
    comment,
    idempotencyKey: `link:${send.id}`,
    person: send.person,
    channel: 'email',
    locale: send.locale,
  });
  return { send, survey, response };
}

/** For HEAD requests (link scanners): check the link, record nothing. */
export async function checkLink(db: Database, clock: Clock, click: LinkClick) {
  const { send, survey } = await openSend(db, clock, click);
  return { send, survey };
}
