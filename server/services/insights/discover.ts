// Recurring keyphrases of a set of comments (pure). The text module does the merging (stems, plurals,
// 全角/半角, katakana long-vowel variants) by giving variants one canonical key; this counts the keys.
import type { ResponseCategory } from '../../../db/schema';
import { detectLanguage, keyphraseCandidates } from '../../text';
import { emptyTally, type ThemeTally } from './figures';

export type CommentRow = {
  comment: string;
  language: string | null;
  category: ResponseCategory;
  sentimentScore: number | null;
};

export type DiscoveredKeyphrase = { key: string; name: string; tally: ThemeTally };

const groupOf = { detractor: 'detractors', passive: 'passives', promoter: 'promoters' } as const;

/** Each key counts once per comment. Its name is the spelling most comments used (ties: alphabetical). */
export function tallyKeyphrases(rows: readonly CommentRow[]): Map<string, DiscoveredKeyphrase> {
  const found = new Map<string, { tally: ThemeTally; spellings: Map<string, number> }>();
  for (const row of rows) {
    const lang = row.language ?? detectLanguage(row.comment);
    for (const { key, phrase } of keyphraseCandidates(row.comment, lang)) {
      let entry = found.get(key);
      if (!entry) found.set(key, (entry = { tally: emptyTally(), spellings: new Map() }));
      entry.tally.mentions[groupOf[row.category]] += 1;
      if (row.sentimentScore !== null) {
        entry.tally.sentimentSum += row.sentimentScore;
        entry.tally.sentimentCount += 1;
      }
      entry.spellings.set(phrase, (entry.spellings.get(phrase) ?? 0) + 1);
    }
  }
  const result = new Map<string, DiscoveredKeyphrase>();
  for (const [key, { tally, spellings }] of found) {
    const [name] = [...spellings].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))[0]!;
    result.set(key, { key, name, tally });
  }
  return result;
}

/** How many comments mention each key (for the previous period, where only the count is needed). */
export function countKeyphrases(rows: readonly Pick<CommentRow, 'comment' | 'language'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const lang = row.language ?? detectLanguage(row.comment);
    for (const { key } of keyphraseCandidates(row.comment, lang)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
