import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { people, RESPONSE_CHANNELS, responses } from '../../../db/schema';

// A segment's filter: a small closed language over the answering person's traits and the answer's channel,
// locale and survey. It is validated here, then compiled to one SQL condition whose every value (trait names
// included) is a bound parameter: nothing a client sends is ever spliced into the SQL text.
//
//   filter    := { all: filter[] } | { any: filter[] } | { not: filter } | condition
//   condition := { trait, eq: value } | { trait, in: value[] } | { trait, gt|gte|lt|lte: number | string }
//              | { trait, exists: boolean } | { channel: c | c[] } | { locale: l | l[] } | { surveyId: id | id[] }

export const FILTER_LIMITS = { maxDepth: 5, maxConditions: 50, maxListLength: 100 } as const;
// As long as a stored trait's name and text can be (JSON_LIMITS and MAX_TRAIT_LENGTH in routes/fields.ts).
const MAX_TRAIT_NAME_LENGTH = 100;
const MAX_TRAIT_LENGTH = 1000;

const traitName = z.string().min(1).max(MAX_TRAIT_NAME_LENGTH);
const traitValue = z.union([z.string().max(MAX_TRAIT_LENGTH), z.number().finite(), z.boolean()]);
const bound = z.union([z.string().max(MAX_TRAIT_LENGTH), z.number().finite()]);
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(FILTER_LIMITS.maxListLength)]);

const traitCondition = z.union([
  z.object({ trait: traitName, eq: traitValue }).strict(),
  z.object({ trait: traitName, in: z.array(traitValue).min(1).max(FILTER_LIMITS.maxListLength) }).strict(),
  z.object({ trait: traitName, gt: bound }).strict(),
  z.object({ trait: traitName, gte: bound }).strict(),
  z.object({ trait: traitName, lt: bound }).strict(),
  z.object({ trait: traitName, lte: bound }).strict(),
  z.object({ trait: traitName, exists: z.boolean() }).strict(),
]);
const answerCondition = z.union([
  z.object({ channel: oneOrMany(z.enum(RESPONSE_CHANNELS)) }).strict(),
  z.object({ locale: oneOrMany(z.string().min(1).max(35)) }).strict(),
  z.object({ surveyId: oneOrMany(z.string().min(1).max(100)) }).strict(),
]);

export type TraitCondition = z.infer<typeof traitCondition>;
export type AnswerCondition = z.infer<typeof answerCondition>;
export type SegmentFilter =
  | { all: SegmentFilter[] }
  | { any: SegmentFilter[] }
  | { not: SegmentFilter }
  | TraitCondition
  | AnswerCondition;

const filterNode: z.ZodType<SegmentFilter> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(filterNode).min(1).max(FILTER_LIMITS.maxConditions) }).strict(),
    z.object({ any: z.array(filterNode).min(1).max(FILTER_LIMITS.maxConditions) }).strict(),
    z.object({ not: filterNode }).strict(),
    traitCondition,
    answerCondition,
  ]),
);

/** Depth counts all/any/not levels: a single condition is depth 0, { all: [condition] } depth 1. */
function shapeOf(filter: SegmentFilter): { depth: number; conditions: number } {
  if ('all' in filter || 'any' in filter) {
    const children = ('all' in filter ? filter.all : filter.any).map(shapeOf);
    return {
      depth: 1 + Math.max(...children.map((c) => c.depth)),
      conditions: children.reduce((sum, c) => sum + c.conditions, 0),
    };
  }
  if ('not' in filter) {
    const child = shapeOf(filter.not);
    return { depth: child.depth + 1, conditions: child.conditions };
  }
  return { depth: 0, conditions: 1 };
}

/**
 * The filter as a client sends it. The raw JSON's depth is bounded before zod walks it (a 10,000-deep body
 * must cost a loop, not a recursive parse), then the parsed filter's depth and size.
 */
export const segmentFilterSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    let depth = 0;
    const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (typeof current.value !== 'object' || current.value === null) continue;
      depth = Math.max(depth, current.depth + 1);
      if (depth > 2 * FILTER_LIMITS.maxDepth + 3) {
        ctx.addIssue({ code: 'custom', message: `A filter nests at most ${FILTER_LIMITS.maxDepth} levels of all, any and not.` });
        return z.NEVER;
      }
      for (const child of Object.values(current.value)) stack.push({ value: child, depth: current.depth + 1 });
    }
  })
  .pipe(filterNode)
  .superRefine((filter, ctx) => {
    const shape = shapeOf(filter);
    if (shape.depth > FILTER_LIMITS.maxDepth) {
      ctx.addIssue({ code: 'custom', message: `A filter nests at most ${FILTER_LIMITS.maxDepth} levels of all, any and not.` });
    }
    if (shape.conditions > FILTER_LIMITS.maxConditions) {
      ctx.addIssue({ code: 'custom', message: `A filter has at most ${FILTER_LIMITS.maxConditions} conditions.` });
    }
  });

const listOf = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);

/** A trait's value as jsonb, so "50" (text) and 50 (number) stay different values, as they are in the traits. */
const asJsonb = (value: string | number | boolean) => sql`${JSON.stringify(value)}::jsonb`;

/**
 * Orders compare like with like: a number bound matches traits stored as JSON numbers, compared numerically
 * ("seats": 9 is below 50), a text bound matches text traits ("JP" < "KR"); a trait of another type never
 * matches. SQL/JSON path comparisons behave exactly so (a comparison across types is unknown, so false), with
 * no cast that could fail. The path is one of four fixed texts; the bound goes in as a path variable.
 */
const ORDER_PATHS = { '>': '$ ? (@ > $bound)', '>=': '$ ? (@ >= $bound)', '<': '$ ? (@ < $bound)', '<=': '$ ? (@ <= $bound)' } as const;

function orderCondition(name: string, operator: keyof typeof ORDER_PATHS, bound: string | number): SQL {
  // Strict all the way (null without the trait or the person), which lets the join be planned as an inner one.
  return sql`jsonb_path_exists(${people.traits} -> ${name}::text, ${ORDER_PATHS[operator]}::jsonpath, jsonb_build_object('bound', ${asJsonb(bound)}))`;
}

function traitSql(condition: TraitCondition): SQL {
  const name = condition.trait;
  // Containment (@>) rather than `->` equality: the GIN index on people.traits answers it.
  if ('eq' in condition) return sql`${people.traits} @> jsonb_build_object(${name}::text, ${asJsonb(condition.eq)})`;
  if ('in' in condition) {
    return sql`(${sql.join(condition.in.map((value) => sql`${people.traits} @> jsonb_build_object(${name}::text, ${asJsonb(value)})`), sql` or `)})`;
  }
  if ('gt' in condition) return orderCondition(name, '>', condition.gt);
  if ('gte' in condition) return orderCondition(name, '>=', condition.gte);
  if ('lt' in condition) return orderCondition(name, '<', condition.lt);
  if ('lte' in condition) return orderCondition(name, '<=', condition.lte);
  // A trait set to null counts as absent: it is how a customer clears one.
  const present = sql`coalesce(jsonb_typeof(${people.traits} -> ${name}::text) <> 'null', false)`;
  return condition.exists ? present : sql`not ${present}`;
}

function answerSql(condition: AnswerCondition): SQL {
  const [column, values] =
    'channel' in condition ? [responses.channel, listOf(condition.channel)]
    : 'locale' in condition ? [responses.locale, listOf(condition.locale)]
    : [responses.surveyId, listOf(condition.surveyId)];
  return sql`coalesce(${column} in (${sql.join(values.map((v) => sql`${v}::text`), sql`, `)}), false)`;
}

/**
 * The filter as one SQL condition over `responses` left-joined to `people` (an answer without a person has no
 * traits: every trait condition is false for it, and its negation true). Outside any `not`, a trait condition
 * that is null (no person) excludes the answer exactly as false would, so it is left bare: a bare `traits @> …`
 * lets PostgreSQL turn the left join into an inner one and find the people through the GIN index. Under `not`
 * every condition is made true or false, never null, so that `not` means "everyone else".
 */
export function compileSegmentFilter(filter: SegmentFilter, underNot = false): SQL {
  if ('all' in filter) return sql`(${sql.join(filter.all.map((f) => compileSegmentFilter(f, underNot)), sql` and `)})`;
  if ('any' in filter) return sql`(${sql.join(filter.any.map((f) => compileSegmentFilter(f, underNot)), sql` or `)})`;
  if ('not' in filter) return sql`(not ${compileSegmentFilter(filter.not, true)})`;
  if ('trait' in filter) return underNot ? sql`coalesce(${traitSql(filter)}, false)` : traitSql(filter);
  return answerSql(filter);
}
