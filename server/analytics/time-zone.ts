// Wall-clock time in an IANA time zone, from Intl alone: no date library and no Node-only API, so the
// same code runs on Node and on Workers. Offsets come from Intl.DateTimeFormat parts; turning a wall time
// back into an instant handles the two awkward cases DST creates (a skipped hour and a repeated hour).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

export function assertValidTimeZone(tz: string): void {
  if (!isValidTimeZone(tz)) throw new RangeError(`unknown time zone: ${String(tz)}`);
}

/** A calendar date and time of day as a clock on the wall shows it, with no zone attached. */
export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number };

/** Milliseconds since the epoch of a wall time read as if it were UTC; years 0–99 are taken literally. */
export function wallTimeToUtcMs(t: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(t.year, t.month - 1, t.day);
  date.setUTCHours(t.hour, t.minute, t.second, t.millisecond);
  return date.getTime();
}

export function utcMsToWallTime(ms: number): WallTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(),
    hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}

/** Offset of `timeZone` from UTC at `instantMs`, in milliseconds (Tokyo: +9 h). */
export function offsetMs(instantMs: number, timeZone: string): number {
  // Intl shows whole seconds, and every offset in the tz database is whole seconds, so work on the second.
  const second = Math.floor(instantMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  let bce = false;
  for (const part of formatterFor(timeZone).formatToParts(second)) {
    if (part.type === 'era') bce = part.value === 'B' || part.value === 'BC';
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bce ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
  const wall = wallTimeToUtcMs({
    year, month: fields.month ?? 1, day: fields.day ?? 1,
    // Some older ICU versions print midnight as hour 24 even with h23.
    hour: (fields.hour ?? 0) % 24, minute: fields.minute ?? 0, second: fields.second ?? 0, millisecond: 0,
  });
  return wall - second;
}

/** Wall time in `timeZone` at an instant, encoded as UTC milliseconds. */
export function wallMsAt(instantMs: number, timeZone: string): number {
  return instantMs + offsetMs(instantMs, timeZone);
}

const DAY_MS = 86_400_000;

/**
 * The first instant at which the clock in `timeZone` shows `wallMs` (a wall time encoded as UTC ms), or,
 * when that wall time is skipped by a transition (spring forward), the instant of the transition: the
 * first instant at which the clock shows a later time. Applied to midnight this is "start of the day",
 * which is exactly what date ranges and buckets need, including in zones that spring forward at midnight
 * (America/Santiago) or repeat midnight when falling back (America/Havana: the earlier midnight wins).
 */
export function firstInstantAtWallTime(wallMs: number, timeZone: string): number {
  // The answer lies within a day of wallMs (offsets stay well under ±24 h), and zones change offset at most
  // once in such a window, so the offsets a day either side are the only ones that can apply.
  const offsetBefore = offsetMs(wallMs - DAY_MS, timeZone);
  const offsetAfter = offsetMs(wallMs + DAY_MS, timeZone);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter]
    .filter((instant) => wallMsAt(instant, timeZone) === wallMs);
  if (candidates.length > 0) return Math.min(...candidates);

  // Skipped wall time: binary-search the transition between the two readings. wallMsAt is below wallMs
  // before the transition and beyond it after, so look for the first instant whose wall time is >= wallMs.
  let low = Math.min(wallMs - offsetBefore, wallMs - offsetAfter);
  let high = Math.max(wallMs - offsetBefore, wallMs - offsetAfter);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallMsAt(middle, timeZone) >= wallMs) high = middle;
    else low = middle;
  }
  return wallMsAt(low, timeZone) >= wallMs ? low : high;
}
