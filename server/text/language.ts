import { francAll } from 'franc-min';
import { ISO_639_3_TO_1 } from './language-codes';
import type { LanguageCode } from './types';
import { normalizeText } from './normalize';
import { wordValence } from './english/lexicon';
import { shortCommentLanguage } from './short-comment-words';

// Japanese can be told exactly by its script (kana exists in no other language), and English,
// Kizuna's other first-class language, by its function words: both checks are cheap and work
// on short comments where n-gram detectors guess wildly. franc-min handles everything else.

interface ScriptCensus { kana: number; han: number; latin: number; hangul: number; otherLetters: number }

// One pass over code points; a regex per script costs several times more on every comment.
function censusOf(text: string): ScriptCensus {
  const census: ScriptCensus = { kana: 0, han: 0, latin: 0, hangul: 0, otherLetters: 0 };
  for (const char of text) {
    const c = char.codePointAt(0)!;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) census.latin++;
    else if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) || (c >= 0x31f0 && c <= 0x31ff)) census.kana++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2fa1f) || c === 0x3005) census.han++;
    else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3131 && c <= 0x318e)) census.hangul++;
    else if (c >= 0x80 && /\p{L}/u.test(char)) census.otherLetters++;
  }
  return census;
}

// Characters that are everyday Chinese but (practically) absent from Japanese writing:
// simplified forms and Chinese function words. Kanji-only text without them is taken as Japanese
// (Kizuna's audience; "最高", "神対応" are common one-word comments).
const CHINESE_ONLY = /[们这个说时为对发东车问题么还没让给开关见长门边经过进现买卖钱贵务应该样觉欢点无优质产号电话实际网页设计动单订账吗呢吧的了很]/u;

// Words frequent in English and rare as words of other Latin-script languages ("a", "no",
// "on", "was", "die"… are left out because they are everyday words elsewhere too).
const ENGLISH_WORDS = new Set([
  'the', 'and', 'is', 'are', 'this', 'that', 'with', 'for', 'but', 'you', 'your', 'very', 'my',
  'have', 'has', 'had', 'they', 'would', 'could', 'should', 'not', 'of', 'be', 'been', 'were',
  'what', 'there', 'their', 'just', 'it', "it's", 'its', "i'm", "don't", "doesn't", "didn't",
  'can', "can't", 'will', 'we', 'our', 'from', 'too', 'really', 'about', 'when', 'which', 'if',
  'or', 'more', 'than', 'then', 'them', 'he', 'she', 'his', 'her', 'how', 'any', 'some', 'only',
  'who', 'why', 'yet', 'such', 'much', 'many', 'every', 'these', 'those', 'into', 'out',
  'great', 'good', 'bad', 'love', 'thanks', 'thank', 'please', 'easy', 'use', 'app', 'service',
  'product', 'support', 'price', 'slow', 'fast', 'nice', 'awesome', 'terrible', 'excellent',
  'amazing', 'helpful', 'useless', 'recommend', 'works', 'worst', 'best', 'better', 'worse',
  'well', 'like', 'one', 'all', 'get', 'got', 'even', 'also', 'because', 'never', 'always',
]);

function englishWordShare(words: readonly string[]): { words: number; hits: number; opinionWords: number } {
  let hits = 0;
  let opinionWords = 0;
  for (const word of words) {
    if (ENGLISH_WORDS.has(word)) hits++;
    else if (words.length <= SHORT_COMMENT_WORDS && wordValence(word) !== undefined) opinionWords++;
  }
  return { words: words.length, hits, opinionWords };
}

/**
 * Up to this many words, franc's trigrams cannot tell languages apart ("Way too expensive" comes out as
 * Fulah, "Checkout keeps crashing" as Uzbek), so a short Latin-script comment with one English word,
 * function word or a word of the English sentiment lexicon, is taken as English: English is the likelier
 * language of a customer's comment. The price: a few short cognate comments ("Horrible servicio") are called
 * English, and still get the right sentiment.
 */
const SHORT_COMMENT_WORDS = 4;

/** When franc hesitates, English within this fraction of the best score wins: it is the likelier language of a comment. */
const ENGLISH_PRIOR = 0.85;

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * Language of a comment: "ja", "en", another ISO 639-1 code, or "und" when it cannot be told
 * (empty, emoji-only, digits, or a language franc-min does not know). Never throws.
 */
export function detectLanguage(text: string): LanguageCode {
  return detectNormalizedLanguage(normalizeText(text));
}

/** detectLanguage for text already passed through normalizeText. */
export function detectNormalizedLanguage(clean: string): LanguageCode {
  const sample = clean.length > 2000 ? clean.slice(0, 2000) : clean;
  const { kana, han, latin, hangul, otherLetters } = censusOf(sample);
  if (kana + han + latin + hangul + otherLetters === 0) return 'und';

  // A Japanese character carries about as much as three Latin letters, so mixed comments
  // ("UIは使いやすいけどpriceが高い") go to the language that carries most of the text.
  if (kana > 0 && (kana + han) * 3 >= latin) return 'ja';
  if (han > 0 && kana === 0 && han * 3 >= latin) return CHINESE_ONLY.test(sample) ? 'zh' : 'ja';
  if (hangul > 0 && hangul * 3 >= latin) return 'ko';

  if (latin > 0) {
    // Whole words in any Latin script: "çok" is one (Turkish) word, not an English "ok".
    const list = sample.toLowerCase().match(/[\p{L}']+/gu) ?? [];
    const { words, hits, opinionWords } = englishWordShare(list);
    // One hit decides a one- or two-word comment ("great!", "love it"); longer text needs two
    // and a tenth of its words (terse English like "Taut, intelligent drama." goes on to franc).
    if (words <= 2 ? hits >= 1 : hits >= 2 && hits / words >= 0.1) return 'en';
    if (words <= SHORT_COMMENT_WORDS && hits + opinionWords >= 1) return 'en';
    if (words > 0 && words <= SHORT_COMMENT_WORDS) {
      const named = shortCommentLanguage(list);
      if (named) return named;
      // Plain ASCII and none of the listed languages' words: franc would only guess (see short-comment-words.ts).
      if (ASCII_ONLY.test(sample)) return 'en';
    }
  }
  // franc's cost grows with length and 300 characters are plenty for its trigrams.
  const ranked = francAll(sample.slice(0, 300), { minLength: 3 });
  const [best] = ranked;
  if (!best || best[0] === 'und') return 'und';
  const english = ranked.find(([code]) => code === 'eng');
  if (latin > 0 && english && english[1] >= ENGLISH_PRIOR * best[1]) return 'en';
  return ISO_639_3_TO_1.get(best[0]) ?? 'und';
}
