import type { Tx } from '../../../db/client';
import { followUpEvents, type FollowUpEventKind } from '../../../db/schema';
import { newId } from '../../ids';

export type HistoryEntry = { kind: FollowUpEventKind; actor: string; data?: Record<string, unknown> };

/** Appends to a case's history, in the transaction of the change it records. */
export async function appendHistory(tx: Tx, projectId: string, followUpId: string, entries: HistoryEntry[], now: Date) {
  if (entries.length === 0) return [];
  return tx
    .insert(followUpEvents)
    .values(entries.map((e) => ({ id: newId('fev'), projectId, followUpId, kind: e.kind, actor: e.actor, data: e.data ?? {}, createdAt: now })))
    .returning();
}
