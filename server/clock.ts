/** Time comes through here so tests can move it (recontact periods, due dates, retry schedules). */
export type Clock = { now: () => Date };
export const systemClock: Clock = { now: () => new Date() };
