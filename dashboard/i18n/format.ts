// Numbers and dates per UI language, through Intl. Times are shown in the project's time zone, so everyone on a
// team sees the same day boundaries the trend uses.

export type Formatters = ReturnType<typeof formatters>;

const tag = (locale: string) => (locale === 'ja' ? 'ja-JP' : 'en-GB');

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
    date: (iso: string | number | Date, timeZone = 'UTC') => dateFormat(timeZone, { dateStyle: 'medium' }).format(new Date(iso)),
    dateTime: (iso: string | number | Date, timeZone = 'UTC') =>
      dateFormat(timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
    shortDate: (iso: string | number | Date, timeZone = 'UTC') => dateFormat(timeZone, { month: 'short', day: 'numeric' }).format(new Date(iso)),
    month: (iso: string | number | Date, timeZone = 'UTC') => dateFormat(timeZone, { year: 'numeric', month: 'short' }).format(new Date(iso)),
    duration: (ms: number) => {
      const hours = ms / 3_600_000;
      if (hours < 1) return new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', maximumFractionDigits: 0 }).format(ms / 60_000);
      if (hours < 48) return new Intl.NumberFormat(lang, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(hours);
      return new Intl.NumberFormat(lang, { style: 'unit', unit: 'day', maximumFractionDigits: 1 }).format(hours / 24);
    },
  };
}
