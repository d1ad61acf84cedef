import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/client';
import type { ProjectCtx } from '../context';
import { createWidgetSurveyCache, type LiveSurvey, type LiveSurveys, type WidgetSurveyCache } from './survey-cache';
import type { Histories } from './contact-cache';
import { contactAllowed, inSample, urlAllowed } from './targeting';

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
  const active = await liveSurveys(ctx);
  const who = query.personId ?? query.anonymousId;
  // What needs no one's history first: the page's URL and the sample. Only a survey still in the running needs
  // the person's answers and dismissals, so most page views of an identified customer cost no query either.
  const decisions = new Map<string, ShowDecision>();
  for (const survey of active) {
    const { targeting } = survey;
    if (!urlAllowed(query.url, targeting.urlInclude, targeting.urlExclude)) decisions.set(survey.id, 'url');
    else if (!inSample(survey.id, who, targeting.sampleRate)) decisions.set(survey.id, 'sampled_out');
  }
  const undecided = active.filter((survey) => !decisions.has(survey.id));
  if (query.personId && undecided.length > 0) {
    const histories = await heldContactHistories(ctx, query.personId);
    const now = ctx.clock.now();
    for (const survey of undecided) {
      const history = histories.get(survey.id);
      decisions.set(survey.id, history ? contactAllowed(history, survey.targeting, now) : 'ok');
    }
  }

  return {
    surveys: active.map((survey) => {
      const reason = decisions.get(survey.id) ?? 'ok';
      return { ...publicSurvey(survey), show: reason === 'ok', ...(audience.reasons ? { reason } : {}) };
    }),
  };
}

/**
 * A live survey as any visitor may see it: texts, looks and the targeting rules the widget applies itself
 * (URL, sample, delay) or asks about (recontact, dismissals). The same for every visitor, so cacheable.
 */
export function publicSurvey(survey: LiveSurvey) {
  const { targeting } = survey;
  return {
    id: survey.id,
    kind: survey.kind,
    defaultLocale: survey.defaultLocale,
    question: survey.question,
    followUpQuestion: survey.followUpQuestion,
    appearance: survey.appearance,
    targeting: {
      urlInclude: targeting.urlInclude,
      urlExclude: targeting.urlExclude,
      sampleRate: targeting.sampleRate,
      delaySeconds: targeting.delaySeconds,
      recontactDays: targeting.recontactDays,
      maxDismissals: targeting.maxDismissals,
    },
  };
}

/**
 * The public half of a page view (GET /v1/widget/surveys): the project's live surveys and the settings version
 * they belong to, which names the reply for HTTP caches (the ETag). Null when the project is gone.
 */
export function publicWidgetSurveys(ctx: ProjectCtx): Promise<LiveSurveys | null> {
  return surveyCacheOf(ctx).current(ctx.db, ctx.projectId, ctx.clock.now().getTime());
}

/**
 * The private half (GET /v1/widget/contact), asked only when a survey passed the page's URL and the sample in
 * the browser: may this identified customer be asked each of these surveys now (recontact period, dismissal
 * limit)? Ids that are not live surveys of the project are left out.
 */
export async function contactDecisions(ctx: ProjectCtx, personId: string, surveyIds: string[]) {
  const wanted = new Set(surveyIds);
  const asked = (await liveSurveys(ctx)).filter((survey) => wanted.has(survey.id));
  if (asked.length === 0) return { surveys: [] };
  const histories = await heldContactHistories(ctx, personId);
  const now = ctx.clock.now();
  return {
    surveys: asked.map((survey) => {
      const history = histories.get(survey.id);
      return { id: survey.id, show: !history || contactAllowed(history, survey.targeting, now) === 'ok' };
    }),
  };
}

/**
 * The process's cache of live surveys (there always is one in the app); without one, a cache that keeps nothing,
 * so the surveys and their version are still read by the one query that reads them.
 */
const surveyCacheOf = (ctx: ProjectCtx): WidgetSurveyCache => ctx.widgetSurveys ?? createWidgetSurveyCache(0);

function liveSurveys(ctx: ProjectCtx): Promise<LiveSurvey[]> {
  return surveyCacheOf(ctx).live(ctx.db, ctx.projectId, ctx.clock.now().getTime());
}

/** The customer's history from the process's cache, read (batched with other first page views, and kept) when it holds none. */
function heldContactHistories(ctx: ProjectCtx, externalId: string): Promise<Histories> {
  const readMany = (externalIds: string[]) => contactHistories(ctx, externalIds);
  if (!ctx.widgetContacts) return readMany([externalId]).then((read) => read.get(externalId) ?? new Map());
  return ctx.widgetContacts.read(ctx.db, ctx.projectId, externalId, ctx.clock.now().getTime(), readMany);
}

type HistoryRow = { external_id: string; survey_id: string; last_answered: string | Date | null; last_dismissed: string | Date | null; dismissals: number };

/**
 * Last answer, last dismissal and dismissal count per survey for identified people (by the customer's id), in
 * one statement (kizuna_contact_histories, migration 0030, which keeps its plan). Dismissals name the person by
 * that id (a dismissal creates no person), so they count before any answer.
 */
async function contactHistories(ctx: ProjectCtx, externalIds: string[]): Promise<Map<string, Histories>> {
  const result = await ctx.db.execute(
    sql`select external_id, survey_id, last_answered, last_dismissed, dismissals from kizuna_contact_histories(${ctx.projectId}, ${JSON.stringify(externalIds)}::jsonb)`,
  );
  const asDate = (value: string | Date | null) => (value === null ? null : new Date(value));
  const byPerson = new Map<string, Histories>();
  for (const row of rowsOf<HistoryRow>(result)) {
    let histories = byPerson.get(row.external_id);
    if (!histories) byPerson.set(row.external_id, (histories = new Map()));
    histories.set(row.survey_id, { lastAnsweredAt: asDate(row.last_answered), lastDismissedAt: asDate(row.last_dismissed), dismissals: Number(row.dismissals) });
  }
  return byPerson;
}
