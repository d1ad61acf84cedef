import { bindIfParam, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ApiError } from '../errors';

/** Keyset position (created_at, id) of the last row served. Opaque to clients: base64url of JSON. */
export type Cursor = { at: Date; id: string };

export function encodeCursor(cursor: Cursor): string {
  const json = JSON.stringify([cursor.at.toISOString(), cursor.id]);
  return btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(value: string): Cursor {
  try {
    const json = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const [at, id] = JSON.parse(json) as unknown[];
    const date = new Date(String(at));
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new ApiError('bad_request', 'Invalid cursor: pass back the nextCursor of a previous page unchanged.');
  }
}

/**
 * The rows after `cursor` in newest-first order (created_at desc, id desc): older, or as old with a smaller
 * id. undefined on the first page, so it can go straight into and(...). Ids break ties between rows of the
 * same instant, which is what keeps pages free of gaps and duplicates.
 *
 * Written as a row comparison, (created_at, id) < (…, …), not as created_at < … or (created_at = … and
 * id < …): Postgres turns the row comparison into an index condition and starts the scan at the cursor,
 * while the OR form is only a filter, so every page re-read all the newer rows before it (at 600,000 rows
 * deep into a million, 1.3 s for one batch of the CSV export against 3 ms; the whole export was quadratic).
 */
export function olderThan(cursor: Cursor | null, createdAt: PgColumn, id: PgColumn): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${createdAt}, ${id}) < (${bindIfParam(cursor.at, createdAt)}, ${bindIfParam(cursor.id, id)})`;
}

/** The rows after `cursor` in oldest-first order (created_at asc, id asc): the mirror of olderThan. */
export function newerThan(cursor: Cursor | null, createdAt: PgColumn, id: PgColumn): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${createdAt}, ${id}) > (${bindIfParam(cursor.at, createdAt)}, ${bindIfParam(cursor.id, id)})`;
}

/**
 * One page out of `limit + 1` rows read in page order: the first `limit`, and a cursor at the last of them
 * when the extra row shows there is more (so the last page never points at an empty one).
 */
export function pageOf<Row extends { createdAt: Date; id: string }>(rows: Row[], limit: number): { data: Row[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
