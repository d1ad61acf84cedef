import { and, asc, gt, isNull, or, type SQL } from 'drizzle-orm';
import { followUps } from '../../../db/schema';
import { badCursor, cursorId, cursorInstant, decodeToken, encodeToken, newerThan } from '../pagination';

/**
 * The work queue's order: soonest due first, so overdue cases lead, the most overdue at the top; cases
 * without a due time come last. Ties by id. Its cursor is tagged, so a cursor of the newest-first order is
 * refused rather than misread.
 */
export type DueCursor = { due: Date | null; id: string };

export const dueOrder = [asc(followUps.dueAt), asc(followUps.id)]; // ascending puts nulls last in Postgres

export function encodeDueCursor(row: { dueAt: Date | null; id: string }): string {
  return encodeToken(['due', row.dueAt?.toISOString() ?? null, row.id]);
}

export function decodeDueCursor(value: string): DueCursor {
  const [tag, due, id] = decodeToken(value);
  if (tag !== 'due') throw badCursor();
  return { due: due === null ? null : cursorInstant(due), id: cursorId(id) };
}

/** The cases after `cursor` in due order; undefined on the first page. */
export function dueAfter(cursor: DueCursor | null): SQL | undefined {
  if (!cursor) return undefined;
  if (cursor.due === null) return and(isNull(followUps.dueAt), gt(followUps.id, cursor.id));
  return or(newerThan({ at: cursor.due, id: cursor.id }, followUps.dueAt, followUps.id), isNull(followUps.dueAt));
}
