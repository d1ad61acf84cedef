import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeComment } from '../../server/services/responses/analyze';
import {
  analyzeSentiment, detectLanguage, extractKeyphrases, keyphraseCandidates, matchThemes, normalizeText,
  type ThemeDefinition,
} from '../../server/text/index';

// Words of a comment are looked up in tables (lexicons, contractions, stop words…). A table that is a
// plain object answers "constructor", "__proto__" or "toString" with Object.prototype's members, which
// once made `POST /v1/responses` fail with a 500 for the comment "The constructor was great".
const protoNames = [
  ...new Set([Object.prototype, Function.prototype, Array.prototype].flatMap((proto) => Object.getOwnPropertyNames(proto))),
];

/** Every form a name takes in a comment: alone, in English sentences, shouted, capitalised, in Japanese. */
function textsWith(name: string): string[] {
  const capitalised = name.charAt(0).toUpperCase() + name.slice(1);
  return [
    name,
    capitalised,
    name.toUpperCase(),
    `The ${name} was great`,
    `${capitalised} is not bad, but the ${name} really sucks!`,
    `I love the ${name}'s UI, it isn't ${name} at all :)`,
    `${name}n't ${name}'ll ${name}'s '${name}' "${name}" ${name}-${name}`,
    `&${name}; <${name}>${name}</${name}>`,
    `${name}はとても良かったです。`,
    `${name}が使いにくいけど、${name}の料金は安い`,
    `【${name}】最悪でした`,
  ];
}

const themes: ThemeDefinition[] = [
  { name: 'Pricing', keywords: { en: ['price'], ja: ['料金'] } },
  ...protoNames.slice(0, 20).map((name) => ({ name, keywords: { en: [name], ja: [name] } })),
];

const inRange = (score: number) => Number.isFinite(score) && score >= -1 && score <= 1;

/** Runs every public analysis of one text, as ingest and the insights pages do; throws if any does. */
function analyzeEverything(text: string): void {
  const languages = [detectLanguage(text), 'en', 'ja', 'und', 'de'];
  expect(typeof normalizeText(text)).toBe('string');
  for (const lang of languages) {
    expect(typeof lang).toBe('string');
    const sentiment = analyzeSentiment(text, lang);
    expect(inRange(sentiment.score), `${JSON.stringify(text)} (${lang}) scored ${sentiment.score}`).toBe(true);
    expect(['positive', 'negative', 'neutral']).toContain(sentiment.label);
    for (const key of extractKeyphrases(text, lang)) expect(typeof key).toBe('string');
    for (const { key, phrase } of keyphraseCandidates(text, lang)) expect(typeof key + typeof phrase).toBe('stringstring');
    for (const name of matchThemes(text, lang, themes)) expect(typeof name).toBe('string');
  }
  const detected = analyzeSentiment(text);
  expect(inRange(detected.score)).toBe(true);
  const stored = analyzeComment(text, themes);
  expect(stored.sentimentScore === null || inRange(stored.sentimentScore)).toBe(true);
  expect(Array.isArray(stored.themes)).toBe(true);
}

describe('words that name members of Object.prototype, Function.prototype and Array.prototype', () => {
  it('covers the names that broke lookups', () => {
    expect(protoNames).toEqual(expect.arrayContaining(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'map', 'length']));
  });

  it('"The constructor was great" is English and positive (it was a 500 at ingest)', () => {
    expect(analyzeSentiment('The constructor was great')).toMatchObject({ lang: 'en', label: 'positive' });
    expect(analyzeSentiment('constructor', 'en')).toEqual({ lang: 'en', score: 0, label: 'neutral' });
    expect(analyzeSentiment('The __proto__ is terrible', 'en').label).toBe('negative');
  });

  it("Object.prototype's names are plain words: they neither score nor change the words around them", () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      expect(analyzeSentiment(name, 'en'), name).toEqual({ lang: 'en', score: 0, label: 'neutral' });
      expect(analyzeSentiment(`The support was great ${name}`, 'en'), name).toEqual(analyzeSentiment('The support was great', 'en'));
      expect(analyzeSentiment(`${name}は最高です`, 'ja'), name).toEqual(analyzeSentiment('これは最高です', 'ja'));
    }
  });

  it('never throw and keep every score finite in [-1, 1], in any form and language', () => {
    for (const name of protoNames) for (const text of textsWith(name)) analyzeEverything(text);
  });

  it('as theme keywords and names, match only where the word occurs', () => {
    const named = [{ name: 'constructor', keywords: { en: ['constructor'], ja: ['toString'] } }];
    expect(matchThemes('The constructor was late', 'en', named)).toEqual(['constructor']);
    expect(matchThemes('The builder was late', 'en', named)).toEqual([]);
    expect(matchThemes('toStringが遅い', 'ja', named)).toEqual(['constructor']);
    expect(extractKeyphrases('The constructor and the valueOf page', 'en')).toEqual(['constructor', 'valueof page']);
    expect(extractKeyphrases('constructorの設定画面', 'ja')).toEqual(['constructor', '設定画面']);
  });
});

// Any UTF-16 code unit, lone surrogates and NUL included: what a JSON body can carry.
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const hostileUnit = fc.oneof(
  codeUnit,
  fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFEFF', '\u200D', '\u202E', '\u0301', '&', '<', "'", '-', '!', '。'),
);
const word = fc.oneof(
  fc.constantFrom(...protoNames),
  fc.constantFrom(...protoNames).map((name) => name.toUpperCase()),
  fc.constantFrom('great', 'not', "can't", 'but', 'very', 'slow', '最高', '良くない', 'けど', '料金', ':)', '😡', '👍🏽'),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: hostileUnit, maxLength: 8 }),
);
const separator = fc.constantFrom(' ', '', '. ', ', ', '\n', '、', '。', '\t', '\u0000');
const comment = fc.oneof(
  fc.string({ unit: hostileUnit, maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.tuple(word, separator), { maxLength: 14 }).map((parts) => parts.map(([w, s]) => w + s).join('')),
);

describe('property: analysis of any text', () => {
  it('never throws and gives a finite score in [-1, 1]', () => {
    fc.assert(
      fc.property(comment, (text) => {
        analyzeEverything(text);
      }),
      { numRuns: 400 },
    );
  });
});
