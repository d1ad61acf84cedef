import { Hono } from 'hono';
import { z } from 'zod';
import { SURVEY_CHANNELS } from '../../db/schema';
import { toStorable } from '../storable';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { responseCounts } from '../services/surveys/response-counts';
import { archiveSurvey, createSurvey, getSurvey, listSurveys, presentSurvey, updateSurvey } from '../services/surveys/manage';
import { jsonBody, queryParams } from '../validation';
import { projectCtx } from './context';
import { limitParam } from './query';

const text = z.string().trim().min(1).max(500).transform(toStorable);
const localized = z.object({ en: text.optional(), ja: text.optional() }).strict();
const followUpQuestion = localized
  .extend({ detractor: localized.optional(), passive: localized.optional(), promoter: localized.optional() })
  .strict();
const urlPattern = z.string().min(1).max(500);
const targeting = z
  .object({
    delaySeconds: z.number().min(0).max(3600),
    urlInclude: z.array(urlPattern).max(50),
    urlExclude: z.array(urlPattern).max(50),
    sampleRate: z.number().min(0).max(1),
    recontactDays: z.number().int().min(0).max(3650),
    maxDismissals: z.number().int().min(0).max(100),
  })
  .partial()
  .strict();
const appearance = z
  .object({
    brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour like "#4f46e5"'),
    position: z.enum(['bottom-right', 'bottom-left', 'center']),
    theme: z.enum(['light', 'dark', 'auto']),
  })
  .partial()
  .strict();

/** Where the survey is asked: 'web' (the widget), 'email' (links); one or both (a repeat collapses). */
const channels = z.array(z.enum(SURVEY_CHANNELS)).min(1).max(2);

const surveyFields = {
  name: z.string().trim().min(1).max(200).transform(toStorable),
  status: z.enum(['draft', 'active', 'paused']).optional(),
  question: localized.optional(),
  followUpQuestion: followUpQuestion.optional(),
  defaultLocale: z.enum(['en', 'ja']).optional(),
  targeting: targeting.optional(),
  appearance: appearance.optional(),
  channels: channels.optional(),
};
const createSurveyBody = z.object({ ...surveyFields, kind: z.literal('nps').default('nps') }).strict();
const updateSurveyBody = z.object({ ...surveyFields, name: surveyFields.name.optional() }).strict();
const listQuery = z.object({ limit: limitParam(100, 50), cursor: z.string().max(500).optional() });

export const surveyRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .post('/', jsonBody(createSurveyBody), async (c) =>
    c.json(presentSurvey(await createSurvey(projectCtx(c), c.req.valid('json'))), 201),
  )
  .get('/', queryParams(listQuery), async (c) => {
    const ctx = projectCtx(c);
    const page = await listSurveys(ctx, c.req.valid('query'));
    const counts = await responseCounts(ctx, page.data.map((survey) => survey.id));
    const data = page.data.map((survey) => ({ ...presentSurvey(survey), responseCount: counts.get(survey.id) ?? 0 }));
    return c.json({ data, nextCursor: page.nextCursor });
  })
  .get('/:id', async (c) => c.json(presentSurvey(await getSurvey(projectCtx(c), c.req.param('id')))))
  .patch('/:id', jsonBody(updateSurveyBody), async (c) =>
    c.json(presentSurvey(await updateSurvey(projectCtx(c), c.req.param('id'), c.req.valid('json')))),
  )
  .delete('/:id', async (c) => {
    await archiveSurvey(projectCtx(c), c.req.param('id'));
    return c.body(null, 204);
  });
