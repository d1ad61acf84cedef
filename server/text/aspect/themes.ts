import { MAX_ANALYZED_CHARS, normalizeText } from '../normalize';
import { labelFor } from '../sentiment';
import { compile } from '../themes/match';
import { japaneseKey, stemEnglishWord } from '../themes/normalize-key';
import type { LanguageCode, SentimentLabel, ThemeDefinition } from '../types';
import { analyzeAspect } from './analyze';

/** A theme's own sentiment in one comment: the mean of the aspect sentiment at each of its mentions. */
export interface ThemeSentiment { label: SentimentLabel; score: number; theme: string }

interface Mention { from: number; to: number }

/** A comment rarely names a theme more than a few times; the first ones carry its opinion of it. */
const MAX_MENTIONS = 5;
const WORD = /[\p{L}\p{N}]+/gu;

/** Where each English keyword's stem sequence occurs, as offsets of the clean text. */
function englishMentions(clean: string, keywords: string[][]): Mention[] {
  const words: { stem: string; from: number; to: number }[] = [];
  for (const m of clean.toLowerCase().matchAll(WORD)) words.push({ stem: stemEnglishWord(m[0]), from: m.index, to: m.index + m[0].length });
  const found: Mention[] = [];
  for (const keyword of keywords) {
    outer: for (let i = 0; i + keyword.length <= words.length; i++) {
      for (let j = 0; j < keyword.length; j++) if (words[i + j]!.stem !== keyword[j]) continue outer;
      found.push({ from: words[i]!.from, to: words[i + keyword.length - 1]!.to });
    }
  }
  return found;
}

/** Japanese keywords match the canonical spelling, which keeps the clean text's offsets when it keeps its length. */
function japaneseMentions(key: string, keywords: string[]): Mention[] {
  const found: Mention[] = [];
  for (const keyword of keywords) {
    for (let at = key.indexOf(keyword); at >= 0; at = key.indexOf(keyword, at + keyword.length)) found.push({ from: at, to: at + keyword.length });
  }
  return found;
}

/**
 * The sentiment a comment expresses about each project theme it mentions, found where the theme's
 * keywords occur ("Great app, but the price is a joke": Pricing negative even though the comment
 * is positive overall). Themes in `names` order; a theme whose mention cannot be placed (its
 * keyword matched in a spelling whose offsets differ) gets the comment's overall sentiment.
 */
export function themeSentiments(
  text: string,
  lang: LanguageCode,
  themes: readonly ThemeDefinition[],
  names: readonly string[],
  overall: number,
): ThemeSentiment[] {
  const clean = normalizeText(typeof text === 'string' ? text : '').slice(0, MAX_ANALYZED_CHARS);
  if (clean.length === 0 || names.length === 0) return [];
  const wanted = new Set(names);
  const key = lang !== 'en' ? japaneseKey(clean) : '';
  const aligned = key.length === clean.length;
  const byName = new Map<string, Mention[]>();
  for (const theme of compile(themes)) {
    if (!wanted.has(theme.name) || byName.has(theme.name)) continue;
    const mentions = [
      ...(lang !== 'ja' ? englishMentions(clean, theme.english) : []),
      ...(lang !== 'en' && aligned ? japaneseMentions(key, theme.japanese) : []),
    ].sort((a, b) => a.from - b.from);
    byName.set(theme.name, mentions.slice(0, MAX_MENTIONS));
  }
  return names.map((name) => {
    const mentions = byName.get(name) ?? [];
    let score = overall;
    if (mentions.length > 0) {
      const sum = mentions.reduce((total, m) => total + analyzeAspect(clean, m.from, m.to, lang).score, 0);
      score = Math.round((sum / mentions.length) * 10000) / 10000;
    }
    // Keys in the order Postgres keeps them in jsonb (by length, then bytes), so a webhook payload built from
    // this object and one built from the stored row are the same bytes.
    return { label: labelFor(score), score, theme: name };
  });
}
