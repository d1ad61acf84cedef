import { z } from 'zod';
import { RESPONSE_CHANNELS } from '../../db/schema';
import { isSupportedInstant, isValidTimeZone, parseInstant } from '../analytics/time';
import { ApiError } from '../errors';
import type { ProjectCtx } from '../services/context';
import { segmentFilterOf } from '../services/segments/manage';

// Query-string building blocks shared by the list, export and metrics routes.

export const timeZoneParam = z
  .string()
  .refine(isValidTimeZone, { message: 'Unknown IANA time zone, e.g. "Asia/Tokyo"' })
  .default('UTC');

export const instantParam = z.string().max(40);

export const limitParam = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const channelParam = z.enum(RESPONSE_CHANNELS);

/** A saved segment (/v1/segments) to narrow to. */
export const segmentIdParam = z.string().min(1).max(100).optional();

/** The saved segment's filter in place of its id; another project's segment is a 404. */
export async function withSegment<T extends { segmentId?: string }>(ctx: ProjectCtx, { segmentId, ...rest }: T) {
  return { ...rest, segment: segmentId ? await segmentFilterOf(ctx, segmentId) : undefined };
}

/** The segment every metrics and insights route can narrow to, and the time zone its dates are read in. */
export const segmentParams = {
  surveyId: z.string().max(100).optional(),
  channel: channelParam.optional(),
  locale: z.string().max(35).optional(),
  language: z.string().max(10).optional(),
  tz: timeZoneParam,
};

/** `from` is inclusive, `to` exclusive; a bare date is the start of that day in `tz`. */
export function resolveRange(query: { from?: string; to?: string; tz: string }, names = { from: 'from', to: 'to' }) {
  const parse = (value: string | undefined, name: string) => {
    if (value === undefined) return undefined;
    try {
      const instant = parseInstant(value, query.tz);
      if (!isSupportedInstant(instant)) throw new RangeError('out of range');
      return instant;
    } catch {
      throw new ApiError('bad_request', `"${name}" must be a date (YYYY-MM-DD) or an ISO 8601 timestamp, from the year 1900 to 9999.`, {
        [name]: value,
      });
    }
  };
  const from = parse(query.from, names.from);
  const to = parse(query.to, names.to);
  if (from && to && from.getTime() >= to.getTime()) {
    throw new ApiError('bad_request', `"${names.from}" must be before "${names.to}".`, { [names.from]: query.from, [names.to]: query.to });
  }
  return { from, to };
}
