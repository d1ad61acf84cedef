import { followUpRules } from '../../../../db/schema';
import { newId } from '../../../ids';
import { DEFAULT_DUE_HOURS, type RuleAction, type RuleConditions } from './schema';

/** Every new project starts closing the loop at once: each detractor opens a case due in 48 hours. */
export function defaultFollowUpRule(projectId: string, now: Date): typeof followUpRules.$inferInsert {
  const conditions: RuleConditions = { categories: ['detractor'] };
  const action: RuleAction = { dueInHours: DEFAULT_DUE_HOURS, assign: { mode: 'none' } };
  return { id: newId('rul'), projectId, name: 'Detractors', position: 0, conditions, action, createdAt: now, updatedAt: now };
}
