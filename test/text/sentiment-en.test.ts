import { describe, expect, it } from 'vitest';
import { analyzeSentiment, labelFor } from '../../server/text/index';

const score = (text: string) => analyzeSentiment(text, 'en').score;

describe('English sentiment', () => {
  it('scores plain praise and complaints with the right sign, in [-1, 1]', () => {
    expect(analyzeSentiment('The support team was helpful and friendly.')).toMatchObject({ lang: 'en', label: 'positive' });
    expect(analyzeSentiment('The app is slow and buggy.')).toMatchObject({ lang: 'en', label: 'negative' });
    for (const text of ['Love it!!!', 'Worst. Service. Ever. Terrible, awful, horrible!!!']) {
      expect(Math.abs(score(text))).toBeLessThanOrEqual(1);
    }
  });

  it('expands contractions so the negation is seen', () => {
    expect(score("I don't like the new dashboard")).toBeLessThan(0);
    expect(score("It isn't good")).toBeLessThan(0);
    expect(score('It isnt good')).toBeLessThan(0);
    expect(score("I can't recommend it")).toBeLessThan(0);
  });

  it('limits negation to a short scope instead of the rest of the sentence', () => {
    // natural's analyzer flips everything after "not"; here "love" is far outside the scope.
    expect(score('Not sure about the colours, but I love how fast the reports load')).toBeGreaterThan(0);
    expect(score('The setup was not easy and the documentation is excellent')).toBeGreaterThan(0);
    expect(score('The app is not bad')).toBeGreaterThan(0);
  });

  it('weighs the clause after "but" more', () => {
    expect(score('The design is nice but the app crashes constantly')).toBeLessThan(0);
    expect(score('Shipping was slow but the product is excellent')).toBeGreaterThan(0);
  });

  it('strengthens with intensifiers and weakens with dampeners', () => {
    expect(score('The service was very good')).toBeGreaterThan(score('The service was good'));
    expect(score('The service was slightly good')).toBeLessThan(score('The service was good'));
    expect(score('It is extremely slow')).toBeLessThan(score('It is slow'));
    expect(score('It is kind of slow')).toBeGreaterThan(score('It is slow'));
  });

  it('reads emphasis from exclamation marks and ALL CAPS', () => {
    expect(score('Great support!!!')).toBeGreaterThan(score('Great support'));
    expect(score('The update is GREAT')).toBeGreaterThan(score('The update is great'));
  });

  it('reads emoticons and emoji', () => {
    expect(score('new version :)')).toBeGreaterThan(0);
    expect(score('new version :(')).toBeLessThan(0);
    expect(score('new version 👍')).toBeGreaterThan(0);
    expect(score('new version 😡')).toBeLessThan(0);
    expect(score('thanks 👍🏽')).toBeGreaterThan(score('thanks'));
  });

  it('scores a comment of emoji alone by its emoji, though it has no language', () => {
    for (const [text, label] of [['👍', 'positive'], ['👍👍🎉', 'positive'], ['😡😡', 'negative'], ['👎 !!!', 'negative'], ['10/10 !!!', 'neutral']] as const) {
      const result = analyzeSentiment(text);
      expect(result.lang, text).toBe('und');
      expect(result.label, text).toBe(label);
    }
  });

  it('knows customer-feedback words general lexicons miss', () => {
    expect(score('The editor is laggy')).toBeLessThan(0);
    expect(score('Way overpriced for what you get')).toBeLessThan(0);
    expect(score('It stopped working after a week')).toBeLessThan(0);
    expect(score('Super intuitive and reliable')).toBeGreaterThan(0);
  });

  it('gives 0 and neutral, never NaN, to empty or opinion-free input', () => {
    for (const text of ['', '   ', '.', 'I bought it on Tuesday.']) {
      const result = analyzeSentiment(text, 'en');
      expect(Number.isNaN(result.score)).toBe(false);
      expect(result).toMatchObject({ score: 0, label: 'neutral' });
    }
  });

  it('cuts labels at ±0.05', () => {
    expect(labelFor(0.05)).toBe('neutral');
    expect(labelFor(0.0501)).toBe('positive');
    expect(labelFor(-0.05)).toBe('neutral');
    expect(labelFor(-0.0501)).toBe('negative');
  });
});
