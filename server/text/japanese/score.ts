import { compound } from '../compound';
import { EMOJI_SEQUENCE, emojiValence } from '../emoji';
import { ENTRIES_BY_FIRST_CHAR } from './lexicon';
import {
  CONTRAST, DAMPENER_BEFORE, INTENSIFIER_BEFORE, LACK, NEGATION_AFTER, PHRASE_RULES,
} from './rules';

// Lexicon scoring of Japanese without a morphological analyzer: kuromoji's dictionary is ~20 MB
// (too big for a Worker) and Intl.Segmenter's word boundaries are slower than needed and do not
// give parts of speech. A longest-match scan over a lexicon of stems, reading negation from the
// kana that follow each match, does the job at hundreds of thousands of sentences a second.

const NEGATION_SCALAR = -0.74;
const INTENSIFIER_BOOST = 0.5;
const DAMPENER_SCALAR = 0.7;
const BEFORE_CONTRAST_WEIGHT = 0.5;
const AFTER_CONTRAST_WEIGHT = 1.5;
const LACK_VALENCE = -1;
const EXCLAMATION_BOOST = 0.292;
const MAX_EXCLAMATIONS = 4;
const MASK = '\u0000';

function negatedAt(text: string, end: number): number {
  const match = NEGATION_AFTER.exec(text.slice(end, end + 10));
  return match ? match[0].length : 0;
}

function modulate(valence: number, before: string): number {
  if (INTENSIFIER_BEFORE.test(before)) return valence > 0 ? valence + INTENSIFIER_BOOST : valence - INTENSIFIER_BOOST;
  if (DAMPENER_BEFORE.test(before)) return valence * DAMPENER_SCALAR;
  return valence;
}

function mask(text: string, start: number, end: number): string {
  return text.slice(0, start) + MASK.repeat(end - start) + text.slice(end);
}

function scoreClause(clause: string): number {
  let text = clause;
  let sum = 0;
  let wish = false;

  for (const rule of PHRASE_RULES) {
    if (rule.gate && !rule.gate.test(text)) continue;
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
      let end = m.index + m[0].length;
      let valence = modulate(rule.valenceOf ? rule.valenceOf(m) : rule.valence, text.slice(Math.max(0, m.index - 8), m.index));
      if (!rule.fixed) {
        const negation = negatedAt(text, end);
        if (negation > 0) {
          valence *= NEGATION_SCALAR;
          end += negation;
        }
      }
      if (rule.wish) wish = true;
      sum += valence;
      text = mask(text, m.index, end);
      rule.pattern.lastIndex = end;
    }
  }

  for (let i = 0; i < text.length; i++) {
    const candidates = ENTRIES_BY_FIRST_CHAR.get(text[i]!);
    if (!candidates) continue;
    for (const [surface, entry] of candidates) {
      if (!text.startsWith(surface, i)) continue;
      let end = i + surface.length;
      let valence = entry.valence;
      if (valence !== 0) {
        valence = modulate(valence, text.slice(Math.max(0, i - 8), i));
        if (!entry.fixed) {
          const negation = negatedAt(text, end);
          if (negation > 0) {
            valence *= NEGATION_SCALAR;
            end += negation;
          }
        }
        // In a wish, praise words describe what is missing (もっと広いと嬉しい).
        if (wish && valence > 0) valence = 0;
        sum += valence;
      }
      text = mask(text, i, end);
      i = end - 1;
      break;
    }
  }

  LACK.lastIndex = 0;
  while (LACK.exec(text) !== null) sum += LACK_VALENCE;

  EMOJI_SEQUENCE.lastIndex = 0;
  for (let m = EMOJI_SEQUENCE.exec(clause); m !== null; m = EMOJI_SEQUENCE.exec(clause)) sum += emojiValence(m[0]);
  return sum;
}

function scoreSentence(sentence: string): number {
  const clauses: string[] = [];
  let start = 0;
  CONTRAST.lastIndex = 0;
  for (let m = CONTRAST.exec(sentence); m !== null; m = CONTRAST.exec(sentence)) {
    clauses.push(sentence.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  clauses.push(sentence.slice(start));
  if (clauses.length === 1) return scoreClause(sentence);
  let sum = 0;
  clauses.forEach((clause, index) => {
    const weight = index === clauses.length - 1 ? AFTER_CONTRAST_WEIGHT : BEFORE_CONTRAST_WEIGHT;
    sum += scoreClause(clause) * weight;
  });
  return sum;
}

/** Sentiment of normalized Japanese text in [-1, 1]. */
export function scoreJapanese(text: string): number {
  let sum = 0;
  for (const sentence of text.split(/(?<=[。!?\n])/)) {
    if (sentence.trim().length > 0) sum += scoreSentence(sentence);
  }
  if (sum === 0) return 0;
  const exclamations = Math.min((text.match(/!/g) ?? []).length, MAX_EXCLAMATIONS);
  const emphasis = exclamations * EXCLAMATION_BOOST;
  return compound(sum > 0 ? sum + emphasis : sum - emphasis);
}
