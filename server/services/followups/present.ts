import type { followUpEvents, followUps } from '../../../db/schema';

export type FollowUpRow = typeof followUps.$inferSelect;

const active = new Set(['open', 'in_progress']);

/** The API's view of a case; `overdue` is computed against the caller's clock, never stored. */
export function presentFollowUp({ projectId: _p, ...row }: FollowUpRow, now: Date) {
  return { ...row, overdue: active.has(row.status) && row.dueAt !== null && row.dueAt.getTime() < now.getTime() };
}
export type FollowUpView = ReturnType<typeof presentFollowUp>;

export function presentFollowUpEvent({ projectId: _p, ...row }: typeof followUpEvents.$inferSelect) {
  return row;
}
