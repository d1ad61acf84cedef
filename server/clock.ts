/** Time comes through here so tests can move it (recontact periods, due dates, retry schedules). */
export type Clock = {
  now: () => Date;
  /** Waits (the sign-in slow-down); a test clock moves its time instead. Absent: a real timer. */
  sleep?: (ms: number) => Promise<void>;
};
export const systemClock: Clock = { now: () => new Date() };

export const sleepOn = (clock: Clock, ms: number): Promise<void> =>
  clock.sleep ? clock.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
