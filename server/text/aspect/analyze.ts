import { scoreEnglish } from '../english/score';
import { scoreJapanese } from '../japanese/score';
import { compound } from '../compound';
import { detectNormalizedLanguage } from '../language';
import { normalizeText } from '../normalize';
import { labelFor } from '../sentiment';
import type { LanguageCode, SentimentLabel } from '../types';
import { alignedText } from './align';
import {
  containing, englishClauses, englishUnits, japaneseClauses, japaneseUnits, sentenceOf, type Span,
} from './clauses';
import { targetChangeValence } from './japanese-change';

export interface AspectResult {
  lang: LanguageCode;
  /** Sentiment about the target in [-1, 1]. */
  score: number;
  label: SentimentLabel;
  /** Where the answer came from: the target's own clause, the opposite of a contrasted clause, its
   * sentence, or nowhere (neutral). */
  scope: 'clause' | 'contrast' | 'sentence' | 'none';
}

const MAX_ASPECT_TEXT = 5000;

function round(score: number): number {
  return Math.round(score * 10000) / 10000;
}

function scorer(lang: LanguageCode): ((span: string) => number) | undefined {
  if (lang === 'en') return (span) => scoreEnglish(normalizeText(span));
  if (lang === 'ja') return (span) => scoreJapanese(normalizeText(span));
  return undefined;
}

interface Scope {
  /** Sentiment found in the target's own clause, 0 if it says nothing. */
  value: number;
  /** The sentence's clauses and the index of the target's, for the contrast fallback. */
  clauses: Span[];
  index: number;
}

/** English: the unit holding the target (cut at commas and "and the…"), else its clause. */
function englishScope(text: string, sentence: Span, from: number, score: (s: string) => number): Scope {
  const clauses = englishClauses(text, sentence);
  const clause = containing(clauses, from);
  const unit = containing(englishUnits(text, clause), from);
  const own = score(text.slice(unit.start, unit.end));
  return { value: own !== 0 ? own : score(text.slice(clause.start, clause.end)), clauses, index: clauses.indexOf(clause) };
}

/**
 * Japanese is head-final: what is said about a target comes after it, up to the predicate that
 * closes its unit (売上高は、…増加し、). So the target's unit is read from the target on, widening
 * unit by unit to the end of its clause until something is said (a modifier just before the target in
 * its own unit counts first: ひどい説明書と、); then the words before it in the clause, then the clause whole.
 */
function japaneseScope(text: string, sentence: Span, from: number, to: number, score: (s: string) => number): Scope {
  const clauses = japaneseClauses(text, sentence);
  const clause = containing(clauses, from);
  const result = (value: number): Scope => ({ value, clauses, index: clauses.indexOf(clause) });
  const units = japaneseUnits(text, clause);
  let index = units.findIndex((u) => from >= u.start && from < u.end);
  if (index < 0) index = units.length - 1;
  const target = text.slice(from, Math.max(from, Math.min(to, clause.end)));
  for (let i = index; i < units.length; i++) {
    const end = units[i]!.end;
    const value = score(text.slice(from, end));
    if (value !== 0) return result(value);
    const change = targetChangeValence(target, text.slice(from + target.length, end));
    if (change !== 0) return result(compound(change));
    // Before widening, a modifier right before the target in its own unit (ひどい説明書と、…).
    if (i === index && units[i]!.start < from) {
      const modifier = score(text.slice(units[i]!.start, from));
      if (modifier !== 0) return result(modifier);
    }
  }
  const before = score(text.slice(clause.start, from));
  if (before !== 0) return result(before);
  return result(score(text.slice(clause.start, clause.end)));
}

/**
 * A clause that says nothing itself, joined by a contrast to one that does, means the opposite
 * ("Great food, but the service…" / 〜は好調でしたが、〜は): conjunctions of contrast join opposite
 * evaluations (Hatzivassiloglou & McKeown 1997). Half strength: it is inferred, not read.
 */
function contrastedValue(text: string, scope: Scope, score: (s: string) => number): number {
  for (const offset of [-1, 1, -2, 2]) {
    const other = scope.clauses[scope.index + offset];
    if (!other) continue;
    const value = score(text.slice(other.start, other.end));
    if (value !== 0) return -0.5 * value;
  }
  return 0;
}

/**
 * Sentiment a text expresses about one thing it names, the target at UTF-16 offsets [from, to)
 * of the text as sent ("The app is great but billing is a nightmare": app positive, billing
 * negative). Reads the target's clause with the sentence analyzer's lexicons and rules, and
 * falls back to the sentence only when the clause says nothing. Pure, never throws; a target that
 * starts past the text (or past the first 5,000 characters) is neutral, other offsets are clamped.
 */
export function analyzeAspect(text: string, from: number, to: number, lang?: LanguageCode): AspectResult {
  const raw = typeof text === 'string' ? text.slice(0, MAX_ASPECT_TEXT) : '';
  const aligned = alignedText(raw);
  const language = lang ?? detectNormalizedLanguage(normalizeText(aligned));
  const score = scorer(language);
  // A target past the analysed length (or past the text) has nothing read about it: neutral, not a neighbour's verdict.
  const beyond = Number.isFinite(from) && from >= aligned.length;
  if (!score || aligned.trim().length === 0 || beyond) return { lang: language, score: 0, label: 'neutral', scope: 'none' };
  const start = Math.max(0, Math.min(Number.isFinite(from) ? Math.trunc(from) : 0, aligned.length - 1));
  const sentence = sentenceOf(aligned, start);
  const end = Math.max(start + 1, Math.min(Number.isFinite(to) ? Math.trunc(to) : start + 1, aligned.length));
  const found = language === 'ja' ? japaneseScope(aligned, sentence, start, end, score) : englishScope(aligned, sentence, start, score);
  let value = found.value;
  let scope: AspectResult['scope'] = 'clause';
  if (value === 0 && found.clauses.length > 1) {
    value = contrastedValue(aligned, found, score);
    if (value !== 0) scope = 'contrast';
  }
  // Not the whole text: other sentences are about other things ("Check-in took forever. The bed
  // was comfortable"), and saying nothing beats borrowing their verdict.
  if (value === 0) {
    value = score(aligned.slice(sentence.start, sentence.end));
    scope = value === 0 ? 'none' : 'sentence';
  }
  if (!Number.isFinite(value)) value = 0;
  const rounded = round(Math.max(-1, Math.min(1, value)));
  return { lang: language, score: rounded, label: labelFor(rounded), scope };
}
