import { timestamp } from 'drizzle-orm/pg-core';

/** Millisecond precision: JavaScript dates round-trip exactly, which keyset cursors rely on. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });
