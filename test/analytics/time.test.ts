import { describe, expect, it } from 'vitest';
import { bucketStarts, isValidTimeZone, parseInstant, startOfBucket } from '../../server/analytics/time';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const HOUR = 3_600_000;

describe('isValidTimeZone', () => {
  it.each(['UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/London'])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });

  it.each(['', 'Mars/Olympus_Mons', 'Asia/Tokio', 'not a zone', '+09:00', '-05:00'])('rejects %j', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe('parseInstant', () => {
  it('reads a bare date as the start of that day in the time zone', () => {
    // Tokyo is UTC+9 all year: 2024-01-01 00:00 JST = 2023-12-31 15:00 UTC.
    expect(parseInstant('2024-01-01', 'Asia/Tokyo').toISOString()).toBe('2023-12-31T15:00:00.000Z');
    expect(parseInstant('2024-01-01', 'UTC').toISOString()).toBe('2024-01-01T00:00:00.000Z');
    // New York in summer is UTC−4 (EDT): 2024-07-04 00:00 EDT = 04:00 UTC; in winter UTC−5 (EST).
    expect(parseInstant('2024-07-04', 'America/New_York').toISOString()).toBe('2024-07-04T04:00:00.000Z');
    expect(parseInstant('2024-01-15', 'America/New_York').toISOString()).toBe('2024-01-15T05:00:00.000Z');
  });

  it('starts a day whose midnight DST skips at the moment the clocks jump', () => {
    // Santiago springs forward at 2024-09-08 00:00 −04 straight to 01:00 −03; that day begins at 04:00 UTC.
    expect(parseInstant('2024-09-08', 'America/Santiago').toISOString()).toBe('2024-09-08T04:00:00.000Z');
  });

  it('starts a day whose midnight happens twice at the first midnight', () => {
    // Havana falls back at 2024-11-03 01:00 −04 to 00:00 −05: midnight −04 (04:00 UTC) comes first.
    expect(parseInstant('2024-11-03', 'America/Havana').toISOString()).toBe('2024-11-03T04:00:00.000Z');
  });

  it('takes timestamps with Z or an offset as they are, whatever the time zone', () => {
    expect(parseInstant('2024-03-10T12:34:56Z', 'Asia/Tokyo').toISOString()).toBe('2024-03-10T12:34:56.000Z');
    // 09:00 at +09:00 is 00:00 UTC.
    expect(parseInstant('2024-03-10T09:00:00+09:00', 'America/New_York').toISOString()).toBe('2024-03-10T00:00:00.000Z');
    // 20:30 at −05:30 is 02:00 UTC the next day; offsets without a colon are ISO 8601 too.
    expect(parseInstant('2024-03-10T20:30-0530', 'UTC').toISOString()).toBe('2024-03-11T02:00:00.000Z');
    expect(parseInstant('2024-03-10T00:00:00.123456Z', 'UTC').toISOString()).toBe('2024-03-10T00:00:00.123Z');
  });

  it('reads a date and time without an offset as wall time in the time zone', () => {
    // 10:00 in Tokyo = 01:00 UTC.
    expect(parseInstant('2024-03-10T10:00', 'Asia/Tokyo').toISOString()).toBe('2024-03-10T01:00:00.000Z');
    // 02:30 does not exist in New York on 2024-03-10 (02:00 EST jumps to 03:00 EDT = 07:00 UTC).
    expect(parseInstant('2024-03-10T02:30:00', 'America/New_York').toISOString()).toBe('2024-03-10T07:00:00.000Z');
    // 01:30 happens twice on 2024-11-03 in New York; the first one (EDT, UTC−4) wins.
    expect(parseInstant('2024-11-03T01:30:00', 'America/New_York').toISOString()).toBe('2024-11-03T05:30:00.000Z');
  });

  it.each([
    '', '2024', '2024-1-5', '2024-13-01', '2024-02-30', '2023-02-29', '2024-00-10', '2024-01-00',
    '2024-01-01T24:00Z', '2024-01-01T12:60Z', '2024-01-01T12:00:60Z', '2024-01-01T12:00+24:00',
    '2024-01-01T12', 'yesterday', ' 2024-01-01', '2024-01-01T12:00:00 09:00', '1704067200000',
  ])('rejects %j', (value) => {
    expect(() => parseInstant(value, 'UTC')).toThrow(RangeError);
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseInstant('2024-02-29', 'UTC').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('rejects an unknown time zone even for a timestamp with an offset', () => {
    expect(() => parseInstant('2024-01-01', 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => parseInstant('2024-01-01T00:00:00Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('bucketStarts', () => {
  it('cuts days in New York across the March DST switch, giving a 23-hour day', () => {
    // EST (UTC−5) until 2024-03-10 02:00, then EDT (UTC−4): midnights at 05:00, 05:00, 05:00, then 04:00 UTC.
    const starts = bucketStarts(
      new Date('2024-03-08T12:00:00Z'), new Date('2024-03-12T00:00:00Z'), 'day', 'America/New_York',
    );
    expect(iso(starts)).toEqual([
      '2024-03-08T05:00:00.000Z', // contains `from` (07:00 EST on the 8th)
      '2024-03-09T05:00:00.000Z',
      '2024-03-10T05:00:00.000Z',
      '2024-03-11T04:00:00.000Z', // 2024-03-12T00:00Z is still the 11th in New York (20:00 EDT)
    ]);
    expect(starts[3]!.getTime() - starts[2]!.getTime()).toBe(23 * HOUR);
    expect(starts[2]!.getTime() - starts[1]!.getTime()).toBe(24 * HOUR);
  });

  it('gives the November day in New York 25 hours', () => {
    const starts = bucketStarts(
      new Date('2024-11-03T04:00:00Z'), new Date('2024-11-05T00:00:00Z'), 'day', 'America/New_York',
    );
    expect(iso(starts)).toEqual(['2024-11-03T04:00:00.000Z', '2024-11-04T05:00:00.000Z']);
    expect(starts[1]!.getTime() - starts[0]!.getTime()).toBe(25 * HOUR);
  });

  it('starts weeks on Monday', () => {
    // 2024-03-06 is a Wednesday; its week starts Monday 2024-03-04.
    const starts = bucketStarts(new Date('2024-03-06T00:00:00Z'), new Date('2024-03-20T00:00:00Z'), 'week', 'UTC');
    expect(iso(starts)).toEqual(['2024-03-04T00:00:00.000Z', '2024-03-11T00:00:00.000Z', '2024-03-18T00:00:00.000Z']);
    for (const start of starts) expect(start.getUTCDay()).toBe(1);
  });

  it('puts a Sunday in the week that began the Monday before, in the bucket time zone', () => {
    // 2024-03-10T20:00Z is Sunday in UTC but already Monday 05:00 on the 11th in Tokyo.
    const sunday = new Date('2024-03-10T20:00:00Z');
    expect(iso(bucketStarts(sunday, new Date('2024-03-10T21:00:00Z'), 'week', 'UTC'))).toEqual(['2024-03-04T00:00:00.000Z']);
    // Monday 2024-03-11 00:00 JST = 2024-03-10 15:00 UTC.
    expect(iso(bucketStarts(sunday, new Date('2024-03-10T21:00:00Z'), 'week', 'Asia/Tokyo'))).toEqual(['2024-03-10T15:00:00.000Z']);
  });

  it('keeps New York weeks on local Monday midnight across DST', () => {
    // Monday 2024-03-04 00:00 EST = 05:00 UTC; Monday 2024-03-11 00:00 EDT = 04:00 UTC: a 167-hour week.
    const starts = bucketStarts(
      new Date('2024-03-05T00:00:00Z'), new Date('2024-03-12T00:00:00Z'), 'week', 'America/New_York',
    );
    expect(iso(starts)).toEqual(['2024-03-04T05:00:00.000Z', '2024-03-11T04:00:00.000Z']);
    expect(starts[1]!.getTime() - starts[0]!.getTime()).toBe(167 * HOUR);
  });

  it('cuts months in Tokyo at 15:00 UTC the day before', () => {
    // 2023-12-15 is in December; months start at local midnight = 15:00 UTC on the previous day.
    // The range ends exactly at the start of March (2024-02-29T15:00Z), so March is not included.
    const starts = bucketStarts(
      new Date('2023-12-15T00:00:00Z'), new Date('2024-02-29T15:00:00Z'), 'month', 'Asia/Tokyo',
    );
    expect(iso(starts)).toEqual(['2023-11-30T15:00:00.000Z', '2023-12-31T15:00:00.000Z', '2024-01-31T15:00:00.000Z']);
  });

  it('includes a bucket the range enters by a single millisecond', () => {
    const starts = bucketStarts(
      new Date('2023-12-15T00:00:00Z'), new Date('2024-02-29T15:00:00.001Z'), 'month', 'Asia/Tokyo',
    );
    expect(iso(starts).at(-1)).toBe('2024-02-29T15:00:00.000Z');
  });

  it('wraps months across a year end', () => {
    const starts = bucketStarts(new Date('2024-11-20T00:00:00Z'), new Date('2025-02-01T00:00:00Z'), 'month', 'UTC');
    expect(iso(starts)).toEqual([
      '2024-11-01T00:00:00.000Z', '2024-12-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z',
    ]);
  });

  it('returns nothing for an empty or reversed range', () => {
    const instant = new Date('2024-03-10T00:00:00Z');
    expect(bucketStarts(instant, instant, 'day', 'UTC')).toEqual([]);
    expect(bucketStarts(instant, new Date('2024-03-09T00:00:00Z'), 'day', 'UTC')).toEqual([]);
  });

  it('returns the one bucket holding a short range', () => {
    const starts = bucketStarts(new Date('2024-03-10T10:00:00Z'), new Date('2024-03-10T11:00:00Z'), 'month', 'UTC');
    expect(iso(starts)).toEqual(['2024-03-01T00:00:00.000Z']);
  });

  it('starts a day whose midnight is skipped when the clocks jump (Santiago)', () => {
    // Santiago: 2024-09-07 00:00 −04 = 04:00 UTC; the 8th begins when 00:00 −04 becomes 01:00 −03, also 04:00 UTC
    // (a 24-hour 7th), and the 9th at 00:00 −03 = 03:00 UTC (a 23-hour 8th).
    const starts = bucketStarts(
      new Date('2024-09-07T12:00:00Z'), new Date('2024-09-09T12:00:00Z'), 'day', 'America/Santiago',
    );
    expect(iso(starts)).toEqual(['2024-09-07T04:00:00.000Z', '2024-09-08T04:00:00.000Z', '2024-09-09T03:00:00.000Z']);
  });

  it('leaves out a day the time zone skipped entirely (Samoa, 30 December 2011)', () => {
    // Apia moved from UTC−10 to UTC+14 at the end of 29 December 2011 (10:00 UTC on the 30th).
    const starts = bucketStarts(
      new Date('2011-12-29T10:00:00Z'), new Date('2011-12-31T10:00:00Z'), 'day', 'Pacific/Apia',
    );
    expect(iso(starts)).toEqual([
      '2011-12-29T10:00:00.000Z', // 29 December, 00:00 −10
      '2011-12-30T10:00:00.000Z', // 31 December, 00:00 +14 (the 30th never happened)
    ]);
  });

  it('agrees with startOfBucket on the first bucket', () => {
    const from = new Date('2024-05-17T13:14:15Z');
    for (const interval of ['day', 'week', 'month'] as const) {
      expect(bucketStarts(from, new Date('2024-08-01T00:00:00Z'), interval, 'Asia/Tokyo')[0])
        .toEqual(startOfBucket(from, interval, 'Asia/Tokyo'));
    }
  });

  it('maps any instant of a bucket back to its start, including the later of two midnights', () => {
    // Postgres' date_trunc('day', ts, 'America/Havana') keys 2024-11-03 by the second (−05) midnight,
    // 05:00 UTC; the day really began at the first (−04) midnight, 04:00 UTC. startOfBucket turns either
    // key into the bucket start bucketStarts reports, so SQL groups can be matched to buckets safely.
    const dayStart = '2024-11-03T04:00:00.000Z';
    expect(startOfBucket(new Date('2024-11-03T05:00:00Z'), 'day', 'America/Havana').toISOString()).toBe(dayStart);
    expect(startOfBucket(new Date(dayStart), 'day', 'America/Havana').toISOString()).toBe(dayStart);
    expect(iso(bucketStarts(new Date('2024-11-03T05:00:00Z'), new Date('2024-11-03T06:00:00Z'), 'day', 'America/Havana')))
      .toEqual([dayStart]);
  });

  it('rejects an unknown time zone, an invalid date and an unknown interval', () => {
    const from = new Date('2024-03-01T00:00:00Z');
    const to = new Date('2024-03-02T00:00:00Z');
    expect(() => bucketStarts(from, to, 'day', 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => bucketStarts(new Date('nope'), to, 'day', 'UTC')).toThrow(RangeError);
    expect(() => bucketStarts(from, new Date(Number.NaN), 'day', 'UTC')).toThrow(RangeError);
    expect(() => bucketStarts(from, to, 'hour' as 'day', 'UTC')).toThrow(RangeError);
  });
});
