import { z } from 'zod';
import { boundedJsonObject, storableText } from '../../routes/fields';
import { toStorable } from '../../storable';
import type { MappedRow } from './mapping';

/** One row as an answer to store, or why it cannot be one. */
export type ImportedAnswer = {
  sourceId: string | null;
  score: number;
  comment: string | null;
  answeredAt: Date | null;
  person: { id?: string; email?: string; name?: string; locale?: string } | null;
  locale: string | null;
  properties: Record<string, unknown>;
};

const text = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value.trim() : String(value));

const scoreField = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
  z.number({ error: 'A score is a whole number from 0 to 10.' }).int('A score is a whole number from 0 to 10.').min(0, 'A score is a whole number from 0 to 10.').max(10, 'A score is a whole number from 0 to 10.'),
);

const answerFields = z.object({
  sourceId: z.string().max(180, 'A source id is at most 180 characters.').nullable(),
  comment: storableText(10_000).nullable(),
  email: z.email('Not an email address.').max(320).nullable(),
  name: z.string().max(200).transform(toStorable).nullable(),
  personId: z.string().max(255).transform(toStorable).nullable(),
  locale: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, 'A language tag such as "en" or "ja-JP".').nullable(),
});

/**
 * The answer a mapped row stands for. A missing or unreadable score and a time that cannot be read fail the
 * row (it would be stored wrong, not just incompletely); a row with no time at all is stored as of now.
 */
export function answerOf(row: MappedRow): { answer: ImportedAnswer } | { error: string } {
  const raw = (field: Parameters<MappedRow['known']['get']>[0]) => row.known.get(field);
  if (text(raw('score')) === '') return { error: 'No score.' };
  const score = scoreField.safeParse(raw('score'));
  if (!score.success) return { error: `Score ${JSON.stringify(text(raw('score')).slice(0, 20))}: ${score.error.issues[0]!.message}` };
  const answeredAt = timeOf(raw('answeredAt'));
  if (answeredAt === 'invalid') return { error: `Time ${JSON.stringify(text(raw('answeredAt')).slice(0, 40))} is not a date and time.` };

  const orNull = (value: unknown) => (text(value) === '' ? null : text(value));
  const fields = answerFields.safeParse({
    sourceId: orNull(raw('sourceId')),
    comment: orNull(raw('comment')),
    email: orNull(raw('email')),
    name: orNull(raw('name')),
    personId: orNull(raw('personId')),
    locale: orNull(raw('locale')),
  });
  if (!fields.success) return { error: issueText(fields.error) };
  const { sourceId, comment, email, name, personId, locale } = fields.data;

  const collected = new Map(row.rest);
  const tags = text(raw('tags'));
  if (tags) collected.set('tags', tags.split(',').map((tag) => tag.trim()).filter(Boolean));
  const notes = text(raw('notes'));
  if (notes) collected.set('notes', notes);
  const properties = boundedJsonObject.safeParse(Object.fromEntries(collected));
  if (!properties.success) return { error: issueText(properties.error) };

  const person = personId || email ? { id: personId ?? undefined, email: email ?? undefined, name: name ?? undefined, locale: locale ?? undefined } : null;
  return { answer: { sourceId, score: score.data, comment, answeredAt, person, locale, properties: properties.data } };
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/**
 * Unix seconds (Delighted's API), or a date with an optional time and offset: ISO 8601, and Delighted's
 * "2024-03-01 09:30:00 UTC" / "+0900" export style. A time without an offset is read as UTC.
 */
export function timeOf(value: unknown): Date | null | 'invalid' {
  if (typeof value === 'number') return Number.isFinite(value) ? checked(new Date(value * 1000)) : 'invalid';
  const t = text(value);
  if (t === '') return null;
  if (/^\d{9,11}$/.test(t)) return checked(new Date(Number(t) * 1000));
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (!m) return 'invalid';
  const zone = !m[3] || /^(z|utc|gmt)$/i.test(m[3]) ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  return checked(new Date(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`));
}

function checked(date: Date): Date | 'invalid' {
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1970 || year > 9999 ? 'invalid' : date;
}

