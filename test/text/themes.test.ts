import { describe, expect, it } from 'vitest';
import { extractKeyphrases, keyphraseCandidates, matchThemes, type ThemeDefinition } from '../../server/text/index';

describe('extractKeyphrases (English)', () => {
  it('finds noun phrases between stop words and opinion words', () => {
    expect(extractKeyphrases('The customer service was terrible and the prices are too high.', 'en')).toEqual(
      expect.arrayContaining(['custom servic', 'price']),
    );
    expect(extractKeyphrases('Great app!', 'en')).toEqual(['app']);
  });

  it('merges plurals and inflections under one stem key', () => {
    const [plural] = extractKeyphrases('Invoices', 'en');
    const [singular] = extractKeyphrases('invoice', 'en');
    expect(plural).toBe(singular);
    expect(keyphraseCandidates('Customer Services', 'en')).toEqual([{ key: 'custom servic', phrase: 'customer services' }]);
  });

  it('drops stop words, numbers and repeats', () => {
    expect(extractKeyphrases('it is what it is, 100 100', 'en')).toEqual([]);
    expect(extractKeyphrases('login login login', 'en')).toEqual(['login']);
  });
});

describe('extractKeyphrases (Japanese)', () => {
  it('finds noun sequences between kana particles', () => {
    expect(extractKeyphrases('駐車場が狭くて、朝食バイキングは美味しかった。', 'ja')).toEqual(['駐車場', '朝食バイキング']);
  });

  it('merges full-/half-width forms and katakana long-vowel variants', () => {
    expect(extractKeyphrases('ｻｰﾊﾞｰ', 'ja')).toEqual(['サーバ']);
    expect(extractKeyphrases('サーバー', 'ja')).toEqual(['サーバ']);
    expect(extractKeyphrases('サーバ', 'ja')).toEqual(['サーバ']);
    expect(extractKeyphrases('ＡＰＩの仕様', 'ja')).toEqual(['api', '仕様']);
  });

  it('drops filler nouns and opinion words', () => {
    expect(extractKeyphrases('今回は最高でした。ありがとうございました', 'ja')).toEqual([]);
  });
});

describe('matchThemes', () => {
  const themes: ThemeDefinition[] = [
    { name: 'Pricing', keywords: { en: ['price', 'expensive'], ja: ['料金', '高い'] } },
    { name: 'Support', keywords: { en: ['customer service', 'support'], ja: ['サポート', '問い合わせ'] } },
    { name: 'Speed', keywords: { en: ['slow'] } },
  ];

  it('matches English keywords by stem and by word sequence', () => {
    expect(matchThemes('Pricing went up again', 'en', themes)).toEqual(['Pricing']);
    expect(matchThemes('Customer Services never replied and it is so slow', 'en', themes)).toEqual(['Support', 'Speed']);
    expect(matchThemes('The service was fine', 'en', themes)).toEqual([]);
  });

  it('matches Japanese keywords across widths and long-vowel spellings', () => {
    expect(matchThemes('ｻﾎﾟｰﾄへの問い合わせが遅い', 'ja', themes)).toEqual(['Support']);
    expect(matchThemes('料金が高いです', 'ja', themes)).toEqual(['Pricing']);
  });

  it('tries both languages when the language is unknown, and returns [] for nothing', () => {
    expect(matchThemes('price 料金', 'und', themes)).toEqual(['Pricing']);
    expect(matchThemes('', 'en', themes)).toEqual([]);
    expect(matchThemes('anything', 'en', [])).toEqual([]);
  });
});
