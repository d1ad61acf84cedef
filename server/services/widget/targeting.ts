// Pure targeting rules: the widget applies the URL rules and the sample in the browser (bundled from this very
// file, so both sides hash and match alike) and the server applies them for GET /v1/widget/config.

/**
 * URL patterns as survey authors write them: "*" matches any run of
 * characters and the pattern must match the whole URL ("https://app.example.com/billing/*");
 * a pattern without "*" matches when the URL contains it ("/settings").
 */
export function urlMatches(url: string, pattern: string): boolean {
  if (!pattern.includes('*')) return url.includes(pattern);
  return globMatches(url, pattern.split('*'));
}

/**
 * Whole-string match of the parts between the stars, without a regular expression: "*a*a*a*a*a*a*b" as a
 * backtracking regex took seconds on a 64-character URL, and patterns are written by project members while
 * URLs come from anyone holding the public key.
 *
 * Why this is correct: with "*" as the only wildcard, the first part must be a prefix and the last a suffix;
 * each middle part may be placed at its leftmost occurrence after the previous one, because a later
 * placement only leaves less room for the parts that follow, never more. So there is nothing to backtrack.
 * Why it is polynomial: each indexOf starts where the previous match ended, so the search positions never
 * move backwards; at most |url| start positions are tried in all, each comparing at most one part's length:
 * O(|url| × |pattern|) in the worst case, linear in practice.
 */
function globMatches(text: string, parts: string[]): boolean {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  const end = text.length - last.length; // the suffix is spoken for: middle parts must fit before it
  let pos = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (part === '') continue;
    const at = text.indexOf(part, pos);
    if (at === -1 || at + part.length > end) return false;
    pos = at + part.length;
  }
  return true;
}

/** Include list empty = everywhere; any exclude match wins. */
export function urlAllowed(url: string | undefined, include: string[], exclude: string[]): boolean {
  if (url === undefined) return include.length === 0;
  if (include.length > 0 && !include.some((p) => urlMatches(url, p))) return false;
  return !exclude.some((p) => urlMatches(url, p));
}

/**
 * Sampling must be stable: the same person on the same survey is either in
 * the sample or not, on every page and every device, or a 10% sample would
 * reach everyone after ten page views. FNV-1a of "survey:person" → [0, 1).
 */
export function inSample(surveyId: string, who: string | undefined, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  if (!who) return Math.random() < rate;
  let hash = 0x811c9dc5;
  for (const ch of `${surveyId}:${who}`) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32 < rate;
}

const DAY_MS = 86_400_000;

export type ContactHistory = { lastAnsweredAt: Date | null; lastDismissedAt: Date | null; dismissals: number };

/** Recontact period and dismissal limit (0 = no limit) for one person and survey. */
export function contactAllowed(
  history: ContactHistory,
  rules: { recontactDays: number; maxDismissals: number },
  now: Date,
): 'ok' | 'recontact_period' | 'dismissed_too_often' {
  const last = Math.max(history.lastAnsweredAt?.getTime() ?? 0, history.lastDismissedAt?.getTime() ?? 0);
  if (last > 0 && now.getTime() - last < rules.recontactDays * DAY_MS) return 'recontact_period';
  if (rules.maxDismissals > 0 && history.dismissals >= rules.maxDismissals) return 'dismissed_too_often';
  return 'ok';
}
