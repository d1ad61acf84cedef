import { EMOJI_SEQUENCE } from '../emoji';

export type TokenKind = 'word' | 'emoji' | 'emoticon' | 'clause-end' | 'sentence-end';

export interface Token {
  /** As written (case kept: ALL CAPS is emphasis). */
  text: string;
  lower: string;
  kind: TokenKind;
  /** Has at least one letter (not just digits). */
  hasLetters: boolean;
  /** ALL CAPS word of two or more letters. */
  shouted: boolean;
}

// Emoticons are matched on whitespace-separated chunks before punctuation is split off,
// otherwise ":-(" would become three punctuation marks.
const EMOTICON = /^(?:[<>]?[:;=8xX][-'^o]?[()[\]DPpO03/\\|*{}@]{1,3}|[()[\]DPp/\\|{}@][-'^o]?[:;=8]|<\/?3+|\^_*\^|T_T|;_;)$/u;

const PIECE = new RegExp(
  `(${EMOJI_SEQUENCE.source})|([\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*)|([.!?]+)|([,;:]+)`,
  'gu',
);

const PLAIN_WORD = /^[A-Za-z]+$/;
const NUMBER = /^[\p{N}'\-]+$/u;

// Contractions split by natural's tokenizers into "don", "t"; expanded here so "not" is seen.
// Maps, not object literals: a comment's words are looked up here, and "constructor" or
// "__proto__" must find nothing rather than Object.prototype's members.
const IRREGULAR: ReadonlyMap<string, readonly [string, string]> = new Map([
  ["can't", ['can', 'not']], ['cant', ['can', 'not']], ['cannot', ['can', 'not']],
  ["won't", ['will', 'not']], ["ain't", ['is', 'not']], ["shan't", ['shall', 'not']],
]);
const NO_APOSTROPHE_NEGATIONS = new Set([
  'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'wouldnt', 'couldnt',
  'shouldnt', 'havent', 'hasnt', 'hadnt', 'aint', 'wont',
]);
const CLITICS: ReadonlyMap<string, string> = new Map([["'m", 'am'], ["'re", 'are'], ["'ve", 'have'], ["'ll", 'will'], ["'d", 'would']]);

function word(text: string, lower = text.toLowerCase()): Token {
  // Most words are lower case: only those with capitals need the upper-case comparison.
  if (lower === text) return { text, lower, kind: 'word', hasLetters: !NUMBER.test(text), shouted: false };
  const upper = text.toUpperCase();
  const hasLetters = lower !== upper || /\p{L}/u.test(text);
  return { text, lower, kind: 'word', hasLetters, shouted: text.length > 1 && text === upper && lower !== upper };
}

function mark(text: string, kind: TokenKind): Token {
  return { text, lower: text.toLowerCase(), kind, hasLetters: false, shouted: false };
}

function expandContraction(text: string): Token[] {
  const lower = text.toLowerCase();
  const irregular = IRREGULAR.get(lower);
  if (irregular) {
    const shouted = text === text.toUpperCase();
    return irregular.map((part) => word(shouted ? part.toUpperCase() : part));
  }
  if (lower.endsWith("n't")) return [word(text.slice(0, -3)), word(text.slice(-3, -2) === 'N' ? 'NOT' : 'not')];
  if (NO_APOSTROPHE_NEGATIONS.has(lower)) {
    const base = text.slice(0, lower === 'wont' ? 2 : -2);
    return [word(lower === 'wont' ? 'will' : base), word(text === text.toUpperCase() ? 'NOT' : 'not')];
  }
  const apostrophe = lower.lastIndexOf("'");
  if (apostrophe > 0) {
    const clitic = lower.slice(apostrophe);
    if (clitic === "'s") return [word(text.slice(0, apostrophe))];
    const expanded = CLITICS.get(clitic);
    if (expanded) return [word(text.slice(0, apostrophe)), word(expanded)];
  }
  return [word(text)];
}

/** Words, emoji, emoticons and clause/sentence boundaries of normalized English text. */
export function tokenizeEnglish(text: string): Token[] {
  const tokens: Token[] = [];
  for (const chunk of text.split(' ')) {
    if (chunk.length === 0) continue;
    if (PLAIN_WORD.test(chunk)) {
      const lower = chunk.toLowerCase();
      if (!IRREGULAR.has(lower) && !NO_APOSTROPHE_NEGATIONS.has(lower)) {
        tokens.push(word(chunk, lower)); // the common case, without the general pattern below
        continue;
      }
    }
    const bare = chunk.replace(/[.,!?]+$/, '');
    if (bare.length >= 2 && EMOTICON.test(bare)) {
      tokens.push(mark(bare, 'emoticon'));
      if (bare.length < chunk.length) tokens.push(mark(chunk.slice(bare.length), 'sentence-end'));
      continue;
    }
    PIECE.lastIndex = 0;
    for (let m = PIECE.exec(chunk); m !== null; m = PIECE.exec(chunk)) {
      if (m[1]) tokens.push(mark(m[1], 'emoji'));
      else if (m[2]) tokens.push(...expandContraction(m[2].replace(/’/g, "'")));
      else if (m[3]) tokens.push(mark(m[3], 'sentence-end'));
      else if (m[4]) tokens.push(mark(m[4], 'clause-end'));
    }
  }
  return tokens;
}
