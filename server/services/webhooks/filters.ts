import { z } from 'zod';

/** What a consumer can narrow an endpoint to, e.g. "Japanese detractors of survey X". All given conditions must hold. */
export const webhookFiltersSchema = z
  .object({
    surveyIds: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
    categories: z.array(z.enum(['promoter', 'passive', 'detractor'])).min(1).optional(),
    scoreMin: z.number().int().min(0).max(10).optional(),
    scoreMax: z.number().int().min(0).max(10).optional(),
    sentimentLabels: z.array(z.enum(['positive', 'negative', 'neutral'])).min(1).optional(),
    languages: z.array(z.string().min(2).max(10)).min(1).max(50).optional(),
  })
  .strict()
  .refine((f) => f.scoreMin === undefined || f.scoreMax === undefined || f.scoreMin <= f.scoreMax, {
    message: 'scoreMin must not be above scoreMax',
    path: ['scoreMin'],
  });

export type WebhookFilters = z.output<typeof webhookFiltersSchema>;

/** The answer an event is about (for follow-up events, the answer that opened the case). */
export type EventSubject = {
  surveyId: string;
  score: number;
  category: string;
  sentimentLabel: string | null;
  language: string | null;
};

export function matchesFilters(filters: WebhookFilters, subject: EventSubject | null): boolean {
  const narrowed = Object.keys(filters).length > 0;
  if (!subject) return !narrowed;
  if (filters.surveyIds && !filters.surveyIds.includes(subject.surveyId)) return false;
  if (filters.categories && !filters.categories.includes(subject.category as never)) return false;
  if (filters.scoreMin !== undefined && subject.score < filters.scoreMin) return false;
  if (filters.scoreMax !== undefined && subject.score > filters.scoreMax) return false;
  if (filters.sentimentLabels && !filters.sentimentLabels.includes(subject.sentimentLabel as never)) return false;
  if (filters.languages && !filters.languages.includes(subject.language ?? '')) return false;
  return true;
}

/**
 * Stored filters are parsed again when used: a row that no longer parses (edited by hand, older format) makes
 * the endpoint match nothing rather than everything, and never makes the change that caused the event fail.
 */
export function storedFilters(raw: unknown): { filters: WebhookFilters; error: null } | { filters: null; error: string } {
  const parsed = webhookFiltersSchema.safeParse(raw ?? {});
  if (parsed.success) return { filters: parsed.data, error: null };
  return { filters: null, error: parsed.error.issues.map((i) => `${i.path.join('.') || 'filters'}: ${i.message}`).join('; ') };
}
