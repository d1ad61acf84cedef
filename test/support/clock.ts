import type { Clock } from '../../server/clock';

/** A clock tests can move: recontact periods, due dates and retry schedules without waiting. */
export function testClock(start = new Date('2026-06-01T00:00:00.000Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (date: Date | string) => {
      now = new Date(date).getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
    // Waiting moves time, so a slowed-down sign-in neither blocks the test nor goes unnoticed by it.
    sleep: async (ms: number) => {
      now += ms;
    },
  } satisfies Clock & Record<string, unknown>;
}
