// Wall-clock time in an IANA time zone, from Intl alone: no date library and no Node-only API, so the
// same code runs on Node and on Workers. Offsets come from Intl.DateTimeFormat parts; turning a wall time
// back into an instant handles the two awkward cases DST creates (a skipped hour and a repeated hour).

type Zone = {
  formatter: Intl.DateTimeFormat;
  /** UTC and its aliases never change offset, so they skip Intl altogether (and UTC is the API's default). */
  isUtc: boolean;
  /** Offsets already looked up, by instant (second): bucket walks ask for the same instants repeatedly. */
  offsets: Map<number, number>;
};

const zones = new Map<string, Zone>();
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/UCT', 'UCT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu']);
const MAX_CACHED_OFFSETS = 4096;

function zoneFor(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    zone = { formatter, isUtc: UTC_NAMES.has(formatter.resolvedOptions().timeZone), offsets: new Map() };
    zones.set(timeZone, zone);
  }
  return zone;
}

export function isValidTimeZone(tz: string): boolean {
  // Newer engines also take UTC offsets ('+09:00') as time zones and Node 20 does not; refuse them everywhere
  // so Node and Workers agree (the API asks for IANA names, and an offset has no DST to cut buckets by).
  if (typeof tz !== 'string' || tz === '' || /^[+-]/.test(tz)) return false;
  try {
    zoneFor(tz);
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
  const zone = zoneFor(timeZone);
  if (zone.isUtc) return 0;
  // Intl shows whole seconds, and every offset in the tz database is whole seconds, so work on the second.
  const second = Math.floor(instantMs / 1000) * 1000;
  const cached = zone.offsets.get(second);
  if (cached !== undefined) return cached;

  const fields: Record<string, number> = {};
  let bce = false;
  for (const part of zone.formatter.formatToParts(second)) {
    if (part.type === 'era') bce = part.value === 'B' || part.value === 'BC';
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bce ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
  const wall = wallTimeToUtcMs({
    year, month: fields.month ?? 1, day: fields.day ?? 1,
    // Some older ICU versions print midnight as hour 24 even with h23.
    hour: (fields.hour ?? 0) % 24, minute: fields.minute ?? 0, second: fields.second ?? 0, millisecond: 0,
  });
  const offset = wall - second;
  if (zone.offsets.size >= MAX_CACHED_OFFSETS) zone.offsets.clear();
  zone.offsets.set(second, offset);
  return offset;
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
  if (offsetBefore === offsetAfter) {
    // The common case, no transition nearby: one reading, checked once.
    const instant = wallMs - offsetBefore;
    if (wallMsAt(instant, timeZone) === wallMs) return instant;
  }
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
