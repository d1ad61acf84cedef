import { z } from 'zod';
import { toStorable } from '../storable';

// Body building blocks for what a client may store: free text, and the open-ended JSON of an answer's
// properties and a person's traits. Identifiers stay plain z.string(): jsonBody() refuses any that PostgreSQL
// could not store with a 422 naming the field (server/validation.ts), while text is made storable here.

/** Limits on the open-ended JSON a client may attach, checked before the value is serialised or stored. */
export const JSON_LIMITS = { maxDepth: 8, maxKeys: 200, maxKeyLength: 100, maxStringLength: 10_000 } as const;

/** Free text as typed: stored as sent, but each NUL and unpaired surrogate becomes U+FFFD (server/storable.ts). */
export const storableText = (max: number) => z.string().max(max).transform(toStorable);

type JsonProblem = { path: (string | number)[]; message: string };

/**
 * Walks a parsed JSON value breadth-first without recursion, so a value nested 10,000 deep costs a loop,
 * not a stack: the first problem with its path, or null. Depth counts containers: { a: 1 } is 1 deep,
 * { a: { b: 1 } } 2 deep. Keys counts every object key and array element, at any depth.
 */
export function jsonShapeProblem(value: unknown, limits: { maxDepth: number; maxKeys: number }): JsonProblem | null {
  let keys = 0;
  const queue: { value: unknown; path: (string | number)[]; depth: number }[] = [{ value, path: [], depth: 0 }];
  for (let i = 0; i < queue.length; i++) {
    const { value: current, path, depth } = queue[i]!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limits.maxDepth) return { path, message: `Nested deeper than ${limits.maxDepth} levels.` };
    const entries = Array.isArray(current) ? current.map((v, n) => [n, v] as const) : Object.entries(current);
    keys += entries.length;
    if (keys > limits.maxKeys) return { path, message: `More than ${limits.maxKeys} keys and items in all.` };
    for (const [key, child] of entries) {
      if (typeof key === 'string' && key.length > JSON_LIMITS.maxKeyLength) {
        return { path: [...path, key.slice(0, 20)], message: `A key longer than ${JSON_LIMITS.maxKeyLength} characters.` };
      }
      if (typeof child === 'string' && child.length > JSON_LIMITS.maxStringLength) {
        return { path: [...path, key], message: `A string longer than ${JSON_LIMITS.maxStringLength} characters.` };
      }
      queue.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

/**
 * A JSON value with every string (keys too) made storable; only called on values within JSON_LIMITS. Objects
 * are rebuilt with Object.fromEntries, which defines each key as an own property: assigning `out[key]` would
 * drop a "__proto__" key (it sets the prototype instead), and z.record() drops it the same way.
 */
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return toStorable(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [toStorable(key), storableJson(child)]));
  }
  return value;
}

const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'Expected a JSON object',
);

/**
 * A JSON object of the caller's own (an answer's properties): any JSON inside, bounded by JSON_LIMITS, its
 * text made storable. Nothing deeper ever reaches JSON.stringify or jsonb (a 1,000-deep value crashed PGlite).
 */
export const boundedJsonObject = jsonObject
  .superRefine((value, ctx) => {
    const problem = jsonShapeProblem(value, JSON_LIMITS);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  })
  .transform((value) => storableJson(value) as Record<string, unknown>);

export const MAX_TRAIT_LENGTH = 1000;

/** Flat values rules and filters can test: a person's traits. Bounded in count and size; text made storable. */
export const traitsObject = jsonObject
  .superRefine((value, ctx) => {
    const entries = Object.entries(value);
    if (entries.length > JSON_LIMITS.maxKeys) ctx.addIssue({ code: 'custom', message: `At most ${JSON_LIMITS.maxKeys} traits.`, path: [] });
    for (const [key, trait] of entries) {
      if (key.length < 1 || key.length > JSON_LIMITS.maxKeyLength) {
        ctx.addIssue({ code: 'custom', message: `A trait's name is 1 to ${JSON_LIMITS.maxKeyLength} characters.`, path: [key.slice(0, 20)] });
      } else if (!isTraitValue(trait)) {
        ctx.addIssue({ code: 'custom', message: `A trait is a string of at most ${MAX_TRAIT_LENGTH} characters, a number, true, false or null.`, path: [key] });
      }
    }
  })
  .transform((value) => storableJson(value) as Record<string, string | number | boolean | null>);

const isTraitValue = (value: unknown) =>
  value === null ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && value.length <= MAX_TRAIT_LENGTH);
