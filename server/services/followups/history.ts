import type { Tx } from '../../../db/client';
import { followUpEvents, type FollowUpEventKind } from '../../../db/schema';
import { newId } from '../../ids';

export type HistoryEntry = { kind: FollowUpEventKind; actor: string; data?: Record<string, unknown> };

/** The rows that record `entries` in a case's history. */
export function historyRows(projectId: string, followUpId: string, entries: HistoryEntry[], now: Date) {
  return entries.map((e) => ({ id: newId('fev'), projectId, followUpId, kind: e.kind, actor: e.actor, data: e.data ?? {}, createdAt: now }));
}

/** Appends to a case's history, in the transaction of the change it records. */
export async function appendHistory(tx: Tx, projectId: string, followUpId: string, entries: HistoryEntry[], now: Date) {
  if (entries.length === 0) return [];
  return tx.insert(followUpEvents).values(historyRows(projectId, followUpId, entries, now)).returning();
}
