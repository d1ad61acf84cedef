import { and, asc, count, eq, isNull, max } from 'drizzle-orm';
import { people, responses, surveys, widgetDismissals } from '../../../db/schema';
import type { ProjectCtx } from '../context';
import { contactAllowed, inSample, urlAllowed, type ContactHistory } from './targeting';

export type WidgetConfigQuery = { personId?: string; anonymousId?: string; url?: string };

export type ShowDecision = 'ok' | 'url' | 'sampled_out' | 'recontact_period' | 'dismissed_too_often';

/**
 * Whether the answer names why a survey is not shown. Only for the secret key (debugging a targeting rule):
 * with the publishable key, which anyone can use, "recontact_period" for personId=user-A would say that
 * user-A answered or dismissed lately, so the widget hears "show" or "not now" and nothing more.
 */
export type ConfigAudience = { reasons: boolean };

/**
 * What the widget needs to know on page load: the project's active surveys
 * with their texts and looks, and for each the server's decision whether to
 * show it now to this person on this URL. The browser adds what only it
 * knows (its own memory of anonymous answers) and waits the delay.
 */
export async function widgetConfig(ctx: ProjectCtx, query: WidgetConfigQuery, audience: ConfigAudience = { reasons: false }) {
  const active = await ctx.db
    .select()
    .from(surveys)
    .where(and(eq(surveys.projectId, ctx.projectId), eq(surveys.status, 'active'), isNull(surveys.deletedAt)))
    .orderBy(asc(surveys.createdAt), asc(surveys.id));
  const histories = query.personId ? await contactHistories(ctx, query.personId) : new Map<string, ContactHistory>();
  const now = ctx.clock.now();
  const who = query.personId ?? query.anonymousId;

  return {
    surveys: active.map((survey) => {
      const { targeting } = survey;
      let reason: ShowDecision = 'ok';
      if (!urlAllowed(query.url, targeting.urlInclude, targeting.urlExclude)) reason = 'url';
      else if (!inSample(survey.id, who, targeting.sampleRate)) reason = 'sampled_out';
      else {
        const history = histories.get(survey.id);
        if (history) reason = contactAllowed(history, targeting, now);
      }
      return {
        id: survey.id,
        kind: survey.kind,
        defaultLocale: survey.defaultLocale,
        question: survey.question,
        followUpQuestion: survey.followUpQuestion,
        appearance: survey.appearance,
        targeting: {
          delaySeconds: targeting.delaySeconds,
          recontactDays: targeting.recontactDays,
          maxDismissals: targeting.maxDismissals,
        },
        show: reason === 'ok',
        ...(audience.reasons ? { reason } : {}),
      };
    }),
  };
}

/**
 * Last answer, last dismissal and dismissal count per survey for one identified person (by the customer's id).
 * Dismissals name the person by that id (a dismissal creates no person), so they count before any answer.
 */
async function contactHistories(ctx: ProjectCtx, externalId: string): Promise<Map<string, ContactHistory>> {
  const [person] = await ctx.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.projectId, ctx.projectId), eq(people.externalId, externalId)));
  const result = new Map<string, ContactHistory>();
  const entry = (surveyId: string) => {
    let h = result.get(surveyId);
    if (!h) result.set(surveyId, (h = { lastAnsweredAt: null, lastDismissedAt: null, dismissals: 0 }));
    return h;
  };
  const answered = person
    ? await ctx.db
        .select({ surveyId: responses.surveyId, last: max(responses.createdAt) })
        .from(responses)
        .where(and(eq(responses.projectId, ctx.projectId), eq(responses.personId, person.id)))
        .groupBy(responses.surveyId)
    : [];
  for (const row of answered) entry(row.surveyId).lastAnsweredAt = row.last;
  const dismissed = await ctx.db
    .select({ surveyId: widgetDismissals.surveyId, last: max(widgetDismissals.createdAt), n: count() })
    .from(widgetDismissals)
    .where(and(eq(widgetDismissals.projectId, ctx.projectId), eq(widgetDismissals.personExternalId, externalId)))
    .groupBy(widgetDismissals.surveyId);
  for (const row of dismissed) Object.assign(entry(row.surveyId), { lastDismissedAt: row.last, dismissals: row.n });
  return result;
}
