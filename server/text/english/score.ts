import { emojiValence } from '../emoji';
import { LONGEST_PHRASE, phraseValence, startsPhrase, wordValence } from './lexicon';
import {
  AFTER_CONTRAST_WEIGHT, BEFORE_CONTRAST_WEIGHT, BOOST, BOOSTERS, CAPS_BOOST, CONTRAST_WORDS,
  DAMPENERS, DAMPENING_PHRASES, EXCLAMATION_BOOST, LIKE_AS_PREPOSITION_AFTER, MAX_EXCLAMATIONS,
  NEGATION_SCALAR, NEGATION_SCOPE, NEGATORS,
} from './modifiers';
import { tokenizeEnglish, type Token } from './tokenize';
import { compound } from '../compound';

// VADER's rules (Hutto & Gilbert 2014) rebuilt on natural's lexicon and stemmer, with the
// repairs natural's SentimentAnalyzer needs: contractions expanded, negation limited to three
// words within the clause, contrast, boosters and dampeners, shouting, emoji and emoticons.

const DECAY = [1, 0.95, 0.9];

function isShouted(token: Token): boolean {
  return token.kind === 'word' && token.shouted;
}

function magnitudeShift(valence: number, amount: number): number {
  return valence > 0 ? valence + amount : valence - amount;
}

function matchPhrase(tokens: Token[], index: number): { valence: number; length: number } | undefined {
  if (!startsPhrase(tokens[index]!.lower)) return undefined;
  for (let length = LONGEST_PHRASE; length >= 2; length--) {
    const parts: string[] = [];
    for (let j = index; j < index + length && j < tokens.length; j++) {
      const token = tokens[j]!;
      if (token.kind !== 'word') break;
      parts.push(token.lower);
    }
    if (parts.length !== length) continue;
    const valence = phraseValence(parts.join(' '));
    if (valence !== undefined) return { valence, length };
  }
  return undefined;
}

function isModifier(tokens: Token[], index: number): boolean {
  const lower = tokens[index]!.lower;
  const next = tokens[index + 1]?.lower;
  if (BOOSTERS.has(lower) || DAMPENERS.has(lower)) return true;
  if (NEGATORS.has(lower) && !(lower === 'not' && (next === 'only' || next === 'just'))) return true;
  return false;
}

function isNegation(tokens: Token[], index: number): boolean {
  const lower = tokens[index]!.lower;
  if (!NEGATORS.has(lower)) return false;
  const next = tokens[index + 1]?.lower;
  return !(lower === 'not' && (next === 'only' || next === 'just'));
}

function modifierShift(tokens: Token[], index: number, valence: number, shoutingMatters: boolean): number {
  let shifted = valence;
  let negated = false;
  let seen = 0;
  for (let j = index - 1; j >= 0 && seen < NEGATION_SCOPE; j--) {
    const token = tokens[j]!;
    if (token.kind === 'clause-end' || token.kind === 'sentence-end' || CONTRAST_WORDS.has(token.lower)) break;
    if (token.kind !== 'word') continue;
    const decay = DECAY[seen] ?? 0.9;
    seen++;
    const pair = `${tokens[j - 1]?.lower ?? ''} ${token.lower}`;
    let boost = 0;
    if (DAMPENING_PHRASES.has(pair)) boost = -BOOST;
    else if (BOOSTERS.has(token.lower)) boost = BOOST;
    else if (DAMPENERS.has(token.lower)) boost = -BOOST;
    if (boost !== 0) {
      if (shoutingMatters && isShouted(token)) boost += boost > 0 ? CAPS_BOOST : -CAPS_BOOST;
      shifted = magnitudeShift(shifted, boost * decay);
    }
    if (!negated && isNegation(tokens, j)) negated = true;
  }
  return negated ? shifted * NEGATION_SCALAR : shifted;
}

function tokenValence(tokens: Token[], index: number): { valence: number; consumed: number } {
  const token = tokens[index]!;
  if (token.kind === 'emoji') return { valence: emojiValence(token.text), consumed: 1 };
  if (token.kind === 'emoticon') return { valence: wordValence(token.text) ?? wordValence(token.lower) ?? 0, consumed: 1 };
  if (token.kind !== 'word') return { valence: 0, consumed: 1 };
  const phrase = matchPhrase(tokens, index);
  if (phrase) return { valence: phrase.valence, consumed: phrase.length };
  if (isModifier(tokens, index)) return { valence: 0, consumed: 1 };
  const lower = token.lower;
  if ((lower === 'kind' || lower === 'sort') && tokens[index + 1]?.lower === 'of') return { valence: 0, consumed: 1 };
  if (lower === 'like' && LIKE_AS_PREPOSITION_AFTER.has(tokens[index - 1]?.lower ?? '')) return { valence: 0, consumed: 1 };
  return { valence: wordValence(lower) ?? 0, consumed: 1 };
}

/** Sum of valences, each weighted by its position relative to "but" in its sentence. */
function weightedSum(tokens: Token[], shoutingMatters: boolean): number {
  let total = 0;
  let sentence: { valence: number; afterContrast: boolean }[] = [];
  let afterContrast = false;
  let sawContrast = false;
  const closeSentence = () => {
    for (const item of sentence) {
      const weight = !sawContrast ? 1 : item.afterContrast ? AFTER_CONTRAST_WEIGHT : BEFORE_CONTRAST_WEIGHT;
      total += item.valence * weight;
    }
    sentence = [];
    afterContrast = false;
    sawContrast = false;
  };
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (token.kind === 'sentence-end') {
      closeSentence();
      i++;
      continue;
    }
    if (CONTRAST_WORDS.has(token.lower)) {
      // Only the last contrast of a sentence counts: what follows it is the writer's verdict.
      for (const item of sentence) item.afterContrast = false;
      afterContrast = true;
      sawContrast = true;
      i++;
      continue;
    }
    const { valence, consumed } = tokenValence(tokens, i);
    if (valence !== 0) {
      let adjusted = valence;
      if (shoutingMatters && isShouted(token)) adjusted = magnitudeShift(adjusted, CAPS_BOOST);
      adjusted = modifierShift(tokens, i, adjusted, shoutingMatters);
      sentence.push({ valence: adjusted, afterContrast });
    }
    i += consumed;
  }
  closeSentence();
  return total;
}

function punctuationEmphasis(text: string): number {
  const exclamations = Math.min((text.match(/!/g) ?? []).length, MAX_EXCLAMATIONS);
  const questions = (text.match(/\?/g) ?? []).length;
  const questionEmphasis = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
  return exclamations * EXCLAMATION_BOOST + questionEmphasis;
}

/** Sentiment of normalized English text in [-1, 1]. */
export function scoreEnglish(text: string): number {
  const tokens = tokenizeEnglish(text);
  if (tokens.length === 0) return 0;
  let words = 0;
  let shouted = 0;
  for (const token of tokens) {
    if (token.kind !== 'word' || !token.hasLetters) continue;
    words++;
    if (token.shouted) shouted++;
  }
  // Capitals are emphasis only against a background of lower case.
  const shoutingMatters = shouted > 0 && shouted < words;
  const sum = weightedSum(tokens, shoutingMatters);
  if (sum === 0) return 0;
  return compound(magnitudeShift(sum, punctuationEmphasis(text)));
}
