// Where a sentiment about one thing stops: sentences, then clauses cut at contrast and concession
// ("but", "although" / が、けど、ものの、一方), then units cut at commas (and, in English, at "and"
// before a new noun phrase: "fast delivery and the box was crushed"). Offsets into aligned text.

export interface Span { start: number; end: number }

const SENTENCE_END = /\.+(?=\s|$)|[!?。]+|[\n;]+/g;

// English contrast words start a clause; subordinators also end theirs at the next comma
// ("Although the room was spotless, the breakfast was cold").
const EN_CONTRAST = /\b(?:but|however|yet|whereas|although|though|even though|while|otherwise|on the other hand|except that|apart from that|that said)\b/gi;
const EN_SUBORDINATE = /^(?:whereas|although|though|even though|while)$/i;
const EN_UNIT = /,|\b(?:and|or|with)\s+(?=(?:the|my|our|your|their|its|it|they|we|i|a|an|this|that|these|those)\b)/gi;

// Japanese contrast ends the clause before it (〜ですが、〜けど、〜ものの) or opens the next one
// (しかし、一方、ただ、). The sentence analyzer's list plus concessives it weighs differently.
const JA_CONTRAST = /(?:です|ます|ました|でした|だ|だった|ません)が[、,]?|(?:い|た|る|ない|である)が[、,]|けれども|けれど|けど|しかし|ものの|ところが|ただし|ただ[、,]|でも[、,]|のに[、,]|反面|半面|一方(?:で|では|、|,)?|他方|にもかかわらず|にも関わらず|ながらも|とはいえ/g;
const JA_UNIT = /[、,]/g;

// "The wifi, however, was unusable": a contrast word set off by commas inside a clause marks the
// whole clause as the contrast; it does not start a new one.
const PARENTHETICAL = /^(?:however|though|on the other hand|that said)$/i;

function parenthetical(text: string, at: number, word: string): boolean {
  return PARENTHETICAL.test(word) && /,\s*$/.test(text.slice(Math.max(0, at - 3), at)) && text.startsWith(',', at + word.length)
    && !/[.!?;]\s*$/.test(text.slice(Math.max(0, at - 40), at).replace(/,\s*$/, ''))
    && /\w/.test(text.slice(Math.max(0, at - 40), at));
}

function cut(span: Span, text: string, pattern: RegExp, after: boolean): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  const slice = text.slice(span.start, span.end);
  pattern.lastIndex = 0;
  for (let m = pattern.exec(slice); m !== null; m = pattern.exec(slice)) {
    if (m[0].length === 0) { pattern.lastIndex++; continue; }
    if (parenthetical(text, span.start + m.index, m[0])) continue;
    const at = span.start + (after ? m.index + m[0].length : m.index);
    if (at > start) pieces.push({ start, end: at });
    start = at;
  }
  if (span.end > start) pieces.push({ start, end: span.end });
  return pieces.length > 0 ? pieces : [span];
}

function containing(spans: Span[], at: number): Span {
  return spans.find((s) => at >= s.start && at < s.end) ?? spans[spans.length - 1]!;
}

export function sentenceOf(text: string, at: number): Span {
  return containing(cut({ start: 0, end: text.length }, text, SENTENCE_END, true), at);
}

export function englishClauses(text: string, sentence: Span): Span[] {
  const clauses = cut(sentence, text, EN_CONTRAST, false);
  const out: Span[] = [];
  for (const clause of clauses) {
    const word = /^\s*([a-z]+(?: [a-z]+)?)/i.exec(text.slice(clause.start, clause.end))?.[1] ?? '';
    const comma = text.indexOf(',', clause.start);
    if (EN_SUBORDINATE.test(word.split(' ')[0] === 'even' ? word : word.split(' ')[0]!) && comma >= 0 && comma + 1 < clause.end) {
      out.push({ start: clause.start, end: comma + 1 }, { start: comma + 1, end: clause.end });
    } else out.push(clause);
  }
  return out;
}

export function englishUnits(text: string, clause: Span): Span[] {
  return cut(clause, text, EN_UNIT, false);
}

export function japaneseClauses(text: string, sentence: Span): Span[] {
  return cut(sentence, text, JA_CONTRAST, true);
}

export function japaneseUnits(text: string, clause: Span): Span[] {
  return cut(clause, text, JA_UNIT, true);
}

export { containing };
