// Numbers and dates per UI language, through Intl. Times are shown in the project's time zone, so everyone on a
// team sees the same day boundaries the trend uses.

export type Formatters = ReturnType<typeof formatters>;

const tag = (locale: string) => (locale === 'ja' ? 'ja-JP' : 'en-GB');

// One way to write a date per language, spelled out option by option (no dateStyle, which each ICU version may
// render differently), and always in the dashboard's language, never the browser's:
//   English  3 Dec 2026 · 3 Dec 2026, 14:05 · 3 Dec · Dec 2026
//   Japanese 2026/12/03 · 2026/12/03 14:05 · 12/03 · 2026/12
const DATE = {
  en: { day: 'numeric', month: 'short', year: 'numeric' },
  ja: { year: 'numeric', month: '2-digit', day: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } satisfies Intl.DateTimeFormatOptions;
const DATE_TIME = { en: { ...DATE.en, ...TIME }, ja: { ...DATE.ja, ...TIME } } satisfies Record<string, Intl.DateTimeFormatOptions>;
const SHORT_DATE = {
  en: { day: 'numeric', month: 'short' },
  ja: { month: '2-digit', day: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const MONTH = {
  en: { month: 'short', year: 'numeric' },
  ja: { year: 'numeric', month: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month named in English, in full or by its first three letters or more ("Sep", "Sept", "September"). */
function monthNamed(word: string): number | null {
  const w = word.toLowerCase();
  if (w.length < 3) return null;
  const index = MONTH_NAMES.findIndex((name) => name.startsWith(w));
  return index === -1 ? null : index + 1;
}

function calendarDay(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null; // 31 Feb
  return date.toISOString().slice(0, 10);
}

/**
 * A typed date in either language's way of writing it, as YYYY-MM-DD: "3 Dec 2026", "Dec 3, 2026",
 * "2026/12/03", "2026年12月3日", "2026-12-03" (full-width digits too, as a Japanese input method types them).
 * Day-first and month-first numbers ("03/12/2026") are refused: they mean different days to different readers.
 */
export function parseDate(text: string): string | null {
  const s = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  let m = /^(\d{4}) ?[-/.年] ?(\d{1,2}) ?[-/.月] ?(\d{1,2}) ?日?$/.exec(s);
  if (m) return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})$/.exec(s);
  if (m) {
    const month = monthNamed(m[2]!);
    return month === null ? null : calendarDay(Number(m[3]), month, Number(m[1]));
  }
  m = /^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(s);
  if (m) {
    const month = monthNamed(m[1]!);
    return month === null ? null : calendarDay(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

export function formatters(locale: string) {
  const lang = tag(locale);
  const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, minimumFractionDigits: 0 });
  const signed = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const twoDecimals = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const ratio = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const dateCache = new Map<string, Intl.DateTimeFormat>();
  const dateFormat = (timeZone: string, options: Intl.DateTimeFormatOptions) => {
    const key = timeZone + JSON.stringify(options);
    let f = dateCache.get(key);
    if (!f) dateCache.set(key, (f = new Intl.DateTimeFormat(lang, { ...options, timeZone })));
    return f;
  };
  return {
    integer: (n: number) => integer.format(n),
    decimal: (n: number) => oneDecimal.format(n),
    /** An NPS with its sign: +42, −7.5, 0. */
    nps: (n: number) => signed.format(n).replace('-', '−'),
    signed: (n: number) => signed.format(n).replace('-', '−'),
    /** A sentiment score (−1..1) with its sign and two decimals: +0.42, −0.07. */
    sentiment: (n: number) => twoDecimals.format(n).replace('-', '−'),
    /** How many times as often: 2.5×. */
    ratio: (n: number) => `${ratio.format(n)}×`,
    /** 0..100 points as a percentage. */
    percent: (points: number) => percent.format(points / 100),
    pValue: (p: number) => (p < 0.001 ? '< 0.001' : new Intl.NumberFormat(lang, { maximumSignificantDigits: 2 }).format(p)),
    date: (iso: string | number | Date, timeZone = 'UTC') => dateFormat(timeZone, DATE[locale === 'ja' ? 'ja' : 'en']).format(new Date(iso)),
    dateTime: (iso: string | number | Date, timeZone = 'UTC') => dateFormat(timeZone, DATE_TIME[locale === 'ja' ? 'ja' : 'en']).format(new Date(iso)),
    /** Day and month, for chart axes: 3 Dec, 12/03. */
    shortDate: (iso: string | number | Date, timeZone = 'UTC') => dateFormat(timeZone, SHORT_DATE[locale === 'ja' ? 'ja' : 'en']).format(new Date(iso)),
    month: (iso: string | number | Date, timeZone = 'UTC') => dateFormat(timeZone, MONTH[locale === 'ja' ? 'ja' : 'en']).format(new Date(iso)),
    /** A calendar day (YYYY-MM-DD, as the filters keep it) the way dates are written in this language. */
    calendarDate: (day: string) => dateFormat('UTC', DATE[locale === 'ja' ? 'ja' : 'en']).format(new Date(`${day}T12:00:00Z`)),
    /** What someone typed into a date field, as YYYY-MM-DD; null when it is no date. */
    parseDate: (text: string) => parseDate(text),
    duration: (ms: number) => {
      const hours = ms / 3_600_000;
      if (hours < 1) return new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', maximumFractionDigits: 0 }).format(ms / 60_000);
      if (hours < 48) return new Intl.NumberFormat(lang, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(hours);
      return new Intl.NumberFormat(lang, { style: 'unit', unit: 'day', maximumFractionDigits: 1 }).format(hours / 24);
    },
  };
}

/** This browser's time zone, for times shown outside any project (an invitation's expiry): the zone only, never its locale. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
