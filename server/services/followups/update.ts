import type { FollowUpStatus } from '../../../db/schema';
import { ApiError } from '../../errors';
import type { ProjectCtx } from '../context';
import { assertProjectMember } from './assignees';
import { changeFollowUp, type CaseChange } from './change';
import type { HistoryEntry } from './history';

export type FollowUpPatch = {
  status?: FollowUpStatus;
  assigneeId?: string | null;
  dueAt?: Date | null;
  resolution?: string | null;
  /** After resolving: the person may be surveyed again this many days later (recovery check). */
  reaskAfterDays?: number | null;
};

/** open → in_progress → resolved | dismissed; a closed case can be reopened. */
const allowed: Record<FollowUpStatus, FollowUpStatus[]> = {
  open: ['in_progress', 'resolved', 'dismissed'],
  in_progress: ['open', 'resolved', 'dismissed'],
  resolved: ['open', 'in_progress'],
  dismissed: ['open', 'in_progress'],
};

export async function updateFollowUp(ctx: ProjectCtx, id: string, patch: FollowUpPatch, actor: string) {
  return changeFollowUp(ctx, id, async (current, tx, now): Promise<CaseChange> => {
    const set: CaseChange['set'] = {};
    const history: HistoryEntry[] = [];

    if (patch.status !== undefined && patch.status !== current.status) {
      if (!allowed[current.status].includes(patch.status)) {
        throw new ApiError('conflict', `A ${current.status} follow-up cannot become ${patch.status}.`, { from: current.status, to: patch.status });
      }
      set.status = patch.status;
      set.resolvedAt = patch.status === 'resolved' ? now : null;
      if (patch.status !== 'resolved') set.reaskAt = null;
      history.push({ kind: 'status_changed', actor, data: { from: current.status, to: patch.status } });
    }
    if (patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId) {
      if (patch.assigneeId !== null) await assertProjectMember(tx, ctx.projectId, patch.assigneeId, 'assigneeId');
      set.assigneeId = patch.assigneeId;
      history.push({ kind: 'assigned', actor, data: { from: current.assigneeId, to: patch.assigneeId } });
    }
    if (patch.dueAt !== undefined && patch.dueAt?.getTime() !== current.dueAt?.getTime()) {
      set.dueAt = patch.dueAt;
      history.push({ kind: 'due_changed', actor, data: { from: current.dueAt, to: patch.dueAt } });
    }
    if (patch.resolution !== undefined && patch.resolution !== current.resolution) {
      set.resolution = patch.resolution;
      history.push({ kind: 'resolution', actor, data: { text: patch.resolution } });
    }
    if (patch.reaskAfterDays !== undefined) {
      const status = set.status ?? current.status;
      if (patch.reaskAfterDays !== null && status !== 'resolved') {
        throw new ApiError('conflict', 'A re-ask can be scheduled only for a resolved follow-up.');
      }
      set.reaskAt = patch.reaskAfterDays === null ? null : new Date(now.getTime() + patch.reaskAfterDays * 86_400_000);
      history.push({ kind: 'resolution', actor, data: { reaskAt: set.reaskAt } });
    }
    return { set, history };
  });
}
