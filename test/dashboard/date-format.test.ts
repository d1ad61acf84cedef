// One way to write dates per dashboard language, whatever the browser's (or this process's) locale, and the
// date fields' reading of what people type.
import { describe, expect, it } from 'vitest';
import { formatters, parseDate } from '../../dashboard/i18n/format';

describe('dates in the dashboard', () => {
  const at = '2026-09-03T05:05:00Z';
  it('English: 3 Sept 2026, with the time in 24 hours, in the time zone asked for', () => {
    const fmt = formatters('en');
    expect(fmt.date(at)).toBe('3 Sept 2026');
    expect(fmt.dateTime(at)).toBe('3 Sept 2026, 05:05');
    expect(fmt.dateTime(at, 'Asia/Tokyo')).toBe('3 Sept 2026, 14:05');
    expect(fmt.shortDate(at)).toBe('3 Sept');
    expect(fmt.month(at)).toBe('Sept 2026');
    expect(fmt.calendarDate('2026-12-03')).toBe('3 Dec 2026');
  });

  it('Japanese: 2026/09/03 throughout, no 年月日 in one place and slashes in another', () => {
    const fmt = formatters('ja');
    expect(fmt.date(at)).toBe('2026/09/03');
    expect(fmt.dateTime(at, 'Asia/Tokyo')).toBe('2026/09/03 14:05');
    expect(fmt.shortDate(at)).toBe('09/03');
    expect(fmt.month(at)).toBe('2026/09');
    expect(fmt.calendarDate('2026-12-03')).toBe('2026/12/03');
  });

  it('reads back every date it writes, in both languages', () => {
    for (const locale of ['en', 'ja']) {
      const fmt = formatters(locale);
      for (const day of ['2026-01-01', '2026-02-28', '2024-02-29', '2026-09-03', '2026-12-31']) expect(fmt.parseDate(fmt.calendarDate(day))).toBe(day);
    }
  });

  it('reads the usual ways of typing a date, and refuses what is not one or could be two', () => {
    const cases: [string, string | null][] = [
      ['3 Dec 2026', '2026-12-03'],
      ['03 december 2026', '2026-12-03'],
      ['Dec 3, 2026', '2026-12-03'],
      ['3 Sep 2026', '2026-09-03'],
      ['3 Sept. 2026', '2026-09-03'],
      ['2026/12/3', '2026-12-03'],
      ['2026-12-03', '2026-12-03'],
      ['2026年12月3日', '2026-12-03'],
      ['２０２６／１２／０３', '2026-12-03'],
      [' 2026 / 12 / 03 ', '2026-12-03'],
      ['03/12/2026', null], // 3 December or March 12: refused rather than guessed
      ['12/03', null],
      ['2026/02/30', null],
      ['31 Feb 2026', null],
      ['3 De 2026', null],
      ['3 Decembre 2026', null],
      ['1899-12-31', null],
      ['', null],
      ['yesterday', null],
    ];
    for (const [text, day] of cases) expect([text, parseDate(text)]).toEqual([text, day]);
  });
});
