import { scoreEnglish } from './english/score';
import { scoreJapanese } from './japanese/score';
import { detectNormalizedLanguage } from './language';
import { MAX_ANALYZED_CHARS, normalizeText } from './normalize';
import type { LanguageCode, SentimentLabel, SentimentResult } from './types';

/** Scores within ±0.05 are neutral (VADER's convention, used by the benchmark too). */
export const NEUTRAL_BAND = 0.05;

export function labelFor(score: number): SentimentLabel {
  if (score > NEUTRAL_BAND) return 'positive';
  if (score < -NEUTRAL_BAND) return 'negative';
  return 'neutral';
}

const HAS_LETTER = /\p{L}/u;

function round(score: number): number {
  return Math.round(score * 10000) / 10000;
}

/**
 * Language, sentiment score in [-1, 1] and label of one comment. Pure and synchronous (tens of
 * microseconds), safe to run inline at ingest. Languages other than English and Japanese get
 * their detected code and a neutral 0: no analyzer is better than a wrong one. Text without letters is
 * scored by its emoji.
 * Pass `lang` when it is already known (e.g. re-scoring) to skip detection.
 */
export function analyzeSentiment(text: string, lang?: LanguageCode): SentimentResult {
  const clean = normalizeText(typeof text === 'string' ? text : '').slice(0, MAX_ANALYZED_CHARS);
  const language = lang ?? detectNormalizedLanguage(clean);
  let score = 0;
  if (language === 'en') score = scoreEnglish(clean);
  else if (language === 'ja') score = scoreJapanese(clean);
  // A comment of emoji and punctuation alone ("👍", "😡😡") has no language, but its emoji mean the same in
  // every one: the English rules read them (the Japanese rules give the same score).
  else if (language === 'und' && !HAS_LETTER.test(clean)) score = scoreEnglish(clean);
  if (!Number.isFinite(score)) score = 0;
  score = round(score);
  return { lang: language, score, label: labelFor(score) };
}
