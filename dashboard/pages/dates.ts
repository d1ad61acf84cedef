// Calendar dates (YYYY-MM-DD) as the filters show them: "to" is inclusive in the UI and becomes the exclusive
// start of the next day for the API. Pure calendar arithmetic, so no time zone can shift a day.

export const DAY_MS = 86_400_000;

export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export const isDate = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

/** The period a page shows: from the URL, else the last 30 days including today. */
export function periodFrom(query: URLSearchParams, timeZone: string) {
  const today = todayIn(timeZone);
  let to = isDate(query.get('to')) ? query.get('to')! : today;
  let from = isDate(query.get('from')) ? query.get('from')! : addDays(to, -29);
  if (from > to) [from, to] = [to, from];
  const days = daysBetween(from, to) + 1;
  return { from, to, days, apiFrom: from, apiTo: addDays(to, 1), previousFrom: addDays(from, -days), previousTo: from };
}

export type Interval = 'day' | 'week' | 'month';

/** The URL's choice when it gives a sensible number of points, else weekly up to half a year and monthly beyond. */
export function intervalFor(days: number, wanted?: string | null): Interval {
  if (wanted === 'day' && days <= 400) return 'day';
  if (wanted === 'week' || (wanted === 'day' && days > 400)) return 'week';
  if (wanted === 'month') return 'month';
  if (days <= 14) return 'day';
  if (days <= 180) return 'week';
  return 'month';
}
