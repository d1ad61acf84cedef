import type { ProjectCtx } from '../context';
import { changeFollowUp } from './change';

/** A note is part of the case's history and counts as the first action when it is the first thing done. */
export async function addNote(ctx: ProjectCtx, id: string, text: string, actor: string) {
  return changeFollowUp(ctx, id, () => ({ set: {}, history: [{ kind: 'note', actor, data: { text } }] }));
}
