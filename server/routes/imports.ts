import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { importAnswers } from '../services/imports/import';
import { IMPORT_PRESETS, type ImportPreset } from '../services/imports/mapping';
import { queryParams } from '../validation';
import { projectCtx } from './context';
import { booleanParam } from './query';

const importQuery = z.object({
  preset: z.enum(IMPORT_PRESETS as [ImportPreset, ...ImportPreset[]]).default('generic'),
  noRules: booleanParam.default(false),
  surveyId: z.string().min(1).max(100).optional(),
});

/** The body's format by its content type: CSV, or JSON lines. */
function formatOf(contentType: string | undefined) {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv' as const;
  if (type === 'application/x-ndjson' || type === 'application/jsonl') return 'ndjson' as const;
  throw new ApiError('unsupported_media_type', 'Send the file as text/csv or application/x-ndjson.');
}

/**
 * POST /v1/imports: a file of past answers (at most the request body limit; larger files go through
 * `npm run import`), imported in the request, and the summary back: imported, already imported, failed rows.
 */
export const importRoutes = new Hono<AppEnv>().post('/', requireKey('secret'), queryParams(importQuery), async (c) => {
  const { preset, noRules, surveyId } = c.req.valid('query');
  const format = formatOf(c.req.header('content-type'));
  const text = await c.req.text();
  const summary = await importAnswers(projectCtx(c), oneChunk(text), {
    format,
    preset,
    surveyId,
    followUpRules: !noRules,
  });
  return c.json(summary, 200);
});

async function* oneChunk(text: string) {
  yield text;
}
