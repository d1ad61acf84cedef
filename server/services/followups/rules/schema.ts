import { z } from 'zod';
import { RESPONSE_CHANNELS } from '../../../../db/schema';

const traitValue = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** When a rule applies. Every condition given must hold; an empty object matches every answer. */
export const ruleConditionsSchema = z
  .object({
    scoreMin: z.number().int().min(0).max(10).optional(),
    scoreMax: z.number().int().min(0).max(10).optional(),
    categories: z.array(z.enum(['promoter', 'passive', 'detractor'])).min(1).optional(),
    sentimentLabels: z.array(z.enum(['positive', 'negative', 'neutral'])).min(1).optional(),
    /** Any of these themes. */
    themes: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
    channels: z.array(z.enum(RESPONSE_CHANNELS)).min(1).optional(),
    languages: z.array(z.string().min(2).max(10)).min(1).max(50).optional(),
    /** Person traits that must equal these values, e.g. { "plan": "enterprise" }. */
    traits: z.record(z.string().min(1).max(100), traitValue).optional(),
  })
  .strict()
  .refine((c) => c.scoreMin === undefined || c.scoreMax === undefined || c.scoreMin <= c.scoreMax, {
    message: 'scoreMin must not be above scoreMax',
    path: ['scoreMin'],
  });

export const assignSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }).strict(),
  z.object({ mode: z.literal('user'), userId: z.string().min(1).max(100) }).strict(),
  /** Among the project's members in turn. */
  z.object({ mode: z.literal('round_robin') }).strict(),
]);

export const DEFAULT_DUE_HOURS = 48;

/** What a matching rule does: open a case due in `dueInHours`, assigned as `assign` says. */
export const ruleActionSchema = z
  .object({
    dueInHours: z.number().positive().max(24 * 365).default(DEFAULT_DUE_HOURS),
    assign: assignSchema.default({ mode: 'none' }),
  })
  .strict();

export type RuleConditions = z.output<typeof ruleConditionsSchema>;
export type RuleAction = z.output<typeof ruleActionSchema>;
