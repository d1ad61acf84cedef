// What PostgreSQL can store of a JavaScript string. `text` cannot hold NUL, and `jsonb` refuses "\u0000" and
// unpaired UTF-16 surrogates; a driver sends either as an error, and an answer containing them would be lost.
// Everything else (emoji, combining marks, bidi controls, zero-width characters, CR/LF) is stored as sent.

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

export const REPLACEMENT_CHARACTER = '\ufffd';

export function isStorable(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** Free text made storable: each NUL and unpaired surrogate becomes U+FFFD, the rest is kept exactly. */
export function toStorable(value: string): string {
  return isStorable(value) ? value : value.replace(UNSTORABLE_ALL, REPLACEMENT_CHARACTER);
}

export type Unstorable = { path: string; message: string };

/**
 * The first string (key or value) in an already-validated value that PostgreSQL could not store, with its
 * dotted path; null when there is none. The walk is iterative and stops at `maxDepth`, so it is safe on any
 * value (request validation has bounded the depth of every object it lets through long before this).
 */
export function findUnstorable(value: unknown, maxDepth = 64): Unstorable | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (!isStorable(current)) return unstorableAt(path);
      continue;
    }
    if (typeof current !== 'object' || current === null || current instanceof Date) continue;
    if (path.length >= maxDepth) return { path: path.join('.'), message: 'Nested too deeply.' };
    for (const [key, child] of Object.entries(current)) {
      if (!isStorable(key)) return unstorableAt([...path, key]);
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

function unstorableAt(path: string[]): Unstorable {
  return {
    path: path.map(toStorable).join('.'),
    message: 'Contains a NUL character or an unpaired surrogate, which cannot be stored; remove it.',
  };
}
