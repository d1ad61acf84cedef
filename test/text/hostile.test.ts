import { describe, expect, it } from 'vitest';
import { analyzeSentiment, extractKeyphrases, matchThemes, normalizeText } from '../../server/text/index';

const inRange = (score: number) => Number.isFinite(score) && score >= -1 && score <= 1;

describe('hostile input', () => {
  it('empty text is neutral with language "und"', () => {
    expect(analyzeSentiment('')).toEqual({ lang: 'und', score: 0, label: 'neutral' });
    expect(analyzeSentiment(null as unknown as string)).toEqual({ lang: 'und', score: 0, label: 'neutral' });
  });

  it('10,000 characters in either language stay finite and in range', () => {
    const english = 'The onboarding was great but the billing page is confusing. '.repeat(200).slice(0, 10_000);
    const japanese = '対応は丁寧でしたが、料金が高いのが残念でした。'.repeat(500).slice(0, 10_000);
    expect(inRange(analyzeSentiment(english).score)).toBe(true);
    expect(inRange(analyzeSentiment(japanese).score)).toBe(true);
    expect(analyzeSentiment(japanese).label).toBe('negative');
  });

  it('HTML is read as its text, tags ignored', () => {
    const result = analyzeSentiment('<p>The <b>support</b> team was <i>amazing</i>!</p><script>x()</script>');
    expect(result).toMatchObject({ lang: 'en', label: 'positive' });
    expect(analyzeSentiment('<p>最悪&amp;遅い</p>').label).toBe('negative');
  });

  it('emoji alone are scored, language unknown', () => {
    // No language, but the emoji carry the sentiment, as they do with a language given (e.g. the survey's locale).
    expect(analyzeSentiment('😍😍🎉')).toMatchObject({ lang: 'und', label: 'positive' });
    expect(analyzeSentiment('😍😍🎉', 'en').label).toBe('positive');
    expect(analyzeSentiment('😡👎', 'ja').label).toBe('negative');
  });

  it('mixed English and Japanese is scored in its main language', () => {
    const result = analyzeSentiment('UIはとても使いやすいです。Great job!');
    expect(result.lang).toBe('ja');
    expect(result.label).toBe('positive');
  });

  it('themes functions accept the same input without throwing', () => {
    const themes = [{ name: 'Pricing', keywords: { en: ['price'], ja: ['料金'] } }];
    for (const text of ['', '😍😍', '<b>price</b>', 'x'.repeat(10_000), '料金price']) {
      expect(() => extractKeyphrases(text, 'en')).not.toThrow();
      expect(() => extractKeyphrases(text, 'ja')).not.toThrow();
      expect(() => matchThemes(text, 'und', themes)).not.toThrow();
    }
    expect(matchThemes('料金price', 'und', themes)).toEqual(['Pricing']);
  });

  it('NUL and control characters separate words; unpaired surrogates and bidi controls are left alone', () => {
    expect(normalizeText('great\u0000service\u0007')).toBe('great service');
    expect(analyzeSentiment('great\u0000service')).toMatchObject({ lang: 'en', label: 'positive' });
    expect(analyzeSentiment('The app is great\udfff')).toMatchObject({ lang: 'en', label: 'positive' });
    expect(analyzeSentiment('\ud800最高\udc00です')).toMatchObject({ lang: 'ja', label: 'positive' });
    expect(analyzeSentiment('\u0000\u0000')).toEqual({ lang: 'und', score: 0, label: 'neutral' });
    expect(analyzeSentiment('bad\u202Eservice').label).toBe('negative');
    const themes = [{ name: 'Service', keywords: { en: ['service'], ja: ['料金'] } }];
    expect(matchThemes('great\u0000service', 'en', themes)).toEqual(['Service']);
    expect(matchThemes('料金\u0000が\udfff高い', 'ja', themes)).toEqual(['Service']);
    expect(extractKeyphrases('料金\u0000が\udfff高い', 'ja')).toEqual(['料金']);
  });

  it('HTML entities: the known ones are decoded, any other name stays as written', () => {
    expect(normalizeText('a &constructor; b &amp; c &__proto__; d &toString;')).toBe('a &constructor; b & c &__proto__; d &toString;');
    expect(normalizeText('&lt;3 &quot;ok&quot; &#39;x&#39;')).toBe('<3 "ok" \'x\'');
    // Markup sent escaped is markup: decoded, then removed like any tag (test/text/markup.test.ts).
    expect(normalizeText('&lt;b&gt; &quot;ok&quot;')).toBe('"ok"');
  });
});
