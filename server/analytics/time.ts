// Instants and time buckets for the metrics API: `from`/`to` parsing and the buckets of a trend, cut in
// the caller's IANA time zone so that "a day in Tokyo" or "a week in New York" means what people expect,
// DST included (a New York day in March can be 23 hours long).

import {
  assertValidTimeZone,
  firstInstantAtWallTime,
  utcMsToWallTime,
  wallMsAt,
  wallTimeToUtcMs,
} from './time-zone';

export { isValidTimeZone } from './time-zone';

export type Interval = 'day' | 'week' | 'month';

/**
 * The instants the API reads and writes: 1900-01-01 up to (not including) the year 10000. JavaScript dates
 * reach further either way, but PostgreSQL has no year 0 and ISO 8601 text needs six-digit years past 9999,
 * so a query for year 0 or 275760 was a 500; now it is refused as input.
 */
export const EARLIEST_INSTANT = Date.UTC(1900, 0, 1);
export const END_OF_INSTANTS = Date.UTC(10000, 0, 1);
export const isSupportedInstant = (date: Date) => {
  const ms = date.getTime();
  return ms >= EARLIEST_INSTANT && ms < END_OF_INSTANTS;
};

const INTERVALS: readonly Interval[] = ['day', 'week', 'month'];
const DAY_MS = 86_400_000;

// YYYY-MM-DD, optionally followed by a time (T or space, HH:mm[:ss[.fraction]]) and a UTC offset.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * A bare date 'YYYY-MM-DD' means the start of that day in tz; full ISO 8601 timestamps (with Z or offset)
 * are taken as they are. A date and time without an offset is read as wall-clock time in tz (a time that
 * DST skips resolves to the moment the clocks jump). Throws RangeError on invalid input or unknown tz.
 */
export function parseInstant(value: string, tz: string): Date {
  assertValidTimeZone(tz);
  const match = typeof value === 'string' ? ISO_8601.exec(value) : null;
  if (!match) throw new RangeError(`not an ISO 8601 date or timestamp: ${String(value)}`);
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offsetHours, offsetMinutes] = match;

  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  // Sub-millisecond digits are dropped: a Date cannot hold them.
  const millisecond = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`no such date: ${value}`);
  }
  if (hour > 23 || minute > 59 || second > 59) throw new RangeError(`no such time of day: ${value}`);

  const wallMs = wallTimeToUtcMs({ year, month, day, hour, minute, second, millisecond });
  if (zulu !== undefined) return new Date(wallMs);
  if (sign !== undefined) {
    const offsetH = Number(offsetHours);
    const offsetM = offsetMinutes === undefined ? 0 : Number(offsetMinutes);
    if (offsetH > 23 || offsetM > 59) throw new RangeError(`no such UTC offset: ${value}`);
    const offset = (sign === '-' ? -1 : 1) * (offsetH * 60 + offsetM) * 60_000;
    return new Date(wallMs - offset);
  }
  return new Date(firstInstantAtWallTime(wallMs, tz));
}

/**
 * Start instants of every bucket that intersects [from, to), cut in tz (weeks start Monday, ISO), in
 * order; the first bucket is the one containing `from`. Empty when from >= to. A bucket that a time-zone
 * change removes entirely (Pacific/Apia skipped 30 December 2011) has no instants and is left out.
 */
export function bucketStarts(from: Date, to: Date, interval: Interval, tz: string): Date[] {
  assertValidInstant(from, 'from');
  assertValidInstant(to, 'to');
  assertValidInterval(interval);
  assertValidTimeZone(tz);
  const end = to.getTime();
  if (from.getTime() >= end) return [];

  let wallDay = bucketWallStart(wallMsAt(from.getTime(), tz), interval);
  const starts = [new Date(firstInstantAtWallTime(wallDay, tz))];
  for (;;) {
    wallDay = nextBucketWallStart(wallDay, interval);
    const start = firstInstantAtWallTime(wallDay, tz);
    if (start >= end) return starts;
    if (start > starts[starts.length - 1]!.getTime()) starts.push(new Date(start));
  }
}

/** Start instant of the bucket after the one that starts at (or contains) `start`, cut in tz. */
export function nextBucketStart(start: Date, interval: Interval, tz: string): Date {
  assertValidInstant(start, 'start');
  assertValidInterval(interval);
  assertValidTimeZone(tz);
  return new Date(firstInstantAtWallTime(nextBucketWallStart(bucketWallStart(wallMsAt(start.getTime(), tz), interval), interval), tz));
}

/** Start instant of the bucket, cut in tz, that contains `instant`. */
export function startOfBucket(instant: Date, interval: Interval, tz: string): Date {
  assertValidInstant(instant, 'instant');
  assertValidInterval(interval);
  assertValidTimeZone(tz);
  return new Date(firstInstantAtWallTime(bucketWallStart(wallMsAt(instant.getTime(), tz), interval), tz));
}

/** Midnight (as wall time encoded in UTC ms) that opens the bucket containing the wall time `wallMs`. */
function bucketWallStart(wallMs: number, interval: Interval): number {
  const midnight = Math.floor(wallMs / DAY_MS) * DAY_MS;
  if (interval === 'day') return midnight;
  if (interval === 'week') {
    const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
    return midnight - daysSinceMonday * DAY_MS;
  }
  const { year, month } = utcMsToWallTime(midnight);
  return wallTimeToUtcMs({ year, month, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 });
}

function nextBucketWallStart(wallStart: number, interval: Interval): number {
  if (interval === 'day') return wallStart + DAY_MS;
  if (interval === 'week') return wallStart + 7 * DAY_MS;
  const { year, month } = utcMsToWallTime(wallStart);
  return wallTimeToUtcMs({
    year: month === 12 ? year + 1 : year, month: month === 12 ? 1 : month + 1,
    day: 1, hour: 0, minute: 0, second: 0, millisecond: 0,
  });
}

function daysInMonth(year: number, month: number): number {
  const firstOfNext = wallTimeToUtcMs({
    year: month === 12 ? year + 1 : year, month: month === 12 ? 1 : month + 1,
    day: 1, hour: 0, minute: 0, second: 0, millisecond: 0,
  });
  return utcMsToWallTime(firstOfNext - DAY_MS).day;
}

function assertValidInstant(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${name} must be a valid Date`);
}

function assertValidInterval(interval: Interval): void {
  if (!INTERVALS.includes(interval)) throw new RangeError(`interval must be one of ${INTERVALS.join(', ')}, got ${String(interval)}`);
}
