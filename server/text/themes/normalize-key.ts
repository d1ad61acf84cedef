import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { normalizeText } from '../normalize';

// Theme keys are written so that variants of one word meet: plurals and inflections through the
// Porter stemmer ("prices", "pricing" → "price"), widths through NFKC (ｻｰﾋﾞｽ → サービス,
// ＡＰＩ → api), and katakana long-vowel spellings (サーバー, サーバ, サ－バ－ → サーバ).

const DASH_LIKE = /[\u2010-\u2015\u2212\uFF0D\uFF70\u30FC~\u301C]/g;
const KATAKANA_WORD = /^[\u30A0-\u30FF]+$/;

export function stemEnglishWord(word: string): string {
  return PorterStemmer.stem(word.toLowerCase());
}

/** One Japanese noun sequence in its canonical spelling. */
export function japaneseKey(sequence: string): string {
  let key = normalizeText(sequence).toLowerCase();
  // A dash between katakana is the long-vowel mark, however it was typed.
  key = key.replace(DASH_LIKE, (dash, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    return /[\u30A0-\u30FF]/.test(before) ? 'ー' : dash;
  });
  // JIS Z 8301 and many companies drop a word-final long vowel (サーバ for サーバー): merge them.
  if (KATAKANA_WORD.test(key) && key.length >= 4 && key.endsWith('ー')) key = key.slice(0, -1);
  return key;
}
