import { wordValence } from '../english/lexicon';
import { JAPANESE_LEXICON } from '../japanese/lexicon';
import { MAX_ANALYZED_CHARS, normalizeText } from '../normalize';
import type { LanguageCode } from '../types';
import { japaneseKey, stemEnglishWord } from './normalize-key';
import { ENGLISH_STOP_WORDS, JAPANESE_STOP_NOUNS } from './stopwords';

export interface Keyphrase {
  /** Canonical key: variants of one theme share it ("price", "サーバ"). */
  key: string;
  /** As written in this text, for display. */
  phrase: string;
}

const MAX_WORDS_PER_PHRASE = 3;

// English: RAKE-style candidates — runs of content words between stop words, punctuation and
// opinion words. Opinion words ("great", "slow") are what is said about a theme, not the theme.
function englishKeyphrases(text: string): Keyphrase[] {
  const found: Keyphrase[] = [];
  let run: string[] = [];
  const flush = () => {
    for (let start = 0; start < run.length; start += MAX_WORDS_PER_PHRASE) {
      const words = run.slice(start, start + MAX_WORDS_PER_PHRASE);
      found.push({ key: words.map(stemEnglishWord).join(' '), phrase: words.join(' ') });
    }
    run = [];
  };
  for (const piece of text.toLowerCase().split(/([^\p{L}\p{N}'-]+)/u)) {
    if (piece.length === 0) continue;
    if (!/^[\p{L}\p{N}'-]+$/u.test(piece)) {
      // A space continues the phrase; any punctuation ends it.
      if (piece.trim().length > 0) flush();
      continue;
    }
    const word = piece.replace(/^['-]+|['-]+$/g, '').replace(/'s$/, '');
    const valence = wordValence(word);
    if (word.length < 2 || /^\d+$/.test(word) || ENGLISH_STOP_WORDS.has(word) || word.includes("'") || (valence !== undefined && Math.abs(valence) >= 1)) {
      flush();
      continue;
    }
    if (run[run.length - 1] !== word) run.push(word); // "login login" is one login
  }
  flush();
  return found;
}

// Japanese: noun sequences approximated by runs of kanji, katakana and Latin letters between
// kana particles and punctuation (駐車場, 朝食バイキング, wi-fi). Single characters are mostly
// adjective or verb stems (高, 使) and are skipped, as are opinion words (最高, 残念).
const JAPANESE_RUN = /[\u4E00-\u9FFF\u3005\u30A0-\u30FF\uFF70a-zA-Z0-9\-]+/g;

function japaneseKeyphrases(text: string): Keyphrase[] {
  const found: Keyphrase[] = [];
  for (const match of text.matchAll(JAPANESE_RUN)) {
    const phrase = match[0].replace(/^[-ー]+|-+$/g, '');
    if (phrase.length < 2 || /^[0-9a-z-]+$/i.test(phrase) && phrase.length < 3 || /^[0-9-]+$/.test(phrase)) continue;
    const key = japaneseKey(phrase);
    if (JAPANESE_STOP_NOUNS.has(key) || JAPANESE_LEXICON.has(key)) continue;
    found.push({ key, phrase });
  }
  return found;
}

/** Candidate theme phrases of one comment, with canonical keys (repeated keys kept once). */
export function keyphraseCandidates(text: string, lang: LanguageCode): Keyphrase[] {
  const clean = normalizeText(typeof text === 'string' ? text : '').slice(0, MAX_ANALYZED_CHARS);
  if (clean.length === 0) return [];
  const all = lang === 'ja' ? japaneseKeyphrases(clean) : lang === 'en' ? englishKeyphrases(clean) : [];
  const seen = new Set<string>();
  return all.filter(({ key }) => key.length > 0 && !seen.has(key) && (seen.add(key), true));
}

/**
 * Normalized candidate theme keys of one comment ("price", "custom servic", "駐車場"), to be
 * counted across a project's comments to find recurring themes. Other languages give [].
 */
export function extractKeyphrases(text: string, lang: LanguageCode): string[] {
  return keyphraseCandidates(text, lang).map(({ key }) => key);
}
