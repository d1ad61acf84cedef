import { describe, expect, it } from 'vitest';
import { followUpText, pickLocale, questionText } from '../../widget/i18n';
import { WIDGET_LABELS } from '../../server/services/widget/labels';
import type { WidgetSurvey } from '../../widget/types';

function survey(texts: { defaultLocale?: string; question?: object; followUpQuestion?: object }): WidgetSurvey {
  return {
    id: 'srv_1',
    defaultLocale: (texts.defaultLocale ?? 'en') as WidgetSurvey['defaultLocale'],
    question: (texts.question ?? { en: 'How likely…?' }) as WidgetSurvey['question'],
    followUpQuestion: (texts.followUpQuestion ?? {}) as WidgetSurvey['followUpQuestion'],
    appearance: { brandColor: '#4f46e5', position: 'bottom-right', theme: 'auto' },
    targeting: { urlInclude: [], urlExclude: [], sampleRate: 1, delaySeconds: 0, recontactDays: 0, maxDismissals: 0 },
    labels: WIDGET_LABELS,
    show: true,
  };
}

// The texts come from the server as JSON; a key they lack must read as "no text", never as a member of
// Object.prototype (which a plain `texts[key]` returns for "constructor", "toString", "__proto__"…).
describe('widget texts are read from their own entries only', () => {
  it('a default locale named after an Object.prototype member gives no text, not a function', () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      const s = survey({ defaultLocale: name, question: {}, followUpQuestion: {} });
      expect(questionText(s, 'en'), name).toBe('');
      expect(followUpText(s, 'ja', 3), name).toBe('');
      expect(pickLocale(name, s, [name, 'ja-JP']), name).toBe('en');
    }
  });

  it('texts that are not strings are skipped for the next candidate', () => {
    const s = survey({
      question: { en: 42, ja: '推奨しますか？' },
      followUpQuestion: { detractor: { en: { nested: true } }, en: 'Why?', ja: null },
      defaultLocale: 'ja',
    });
    expect(questionText(s, 'en')).toBe('推奨しますか？');
    expect(followUpText(s, 'en', 2)).toBe('Why?');
    expect(followUpText(s, 'ja', 2)).toBe('');
  });

  it('still picks the category text, then the locale text, then the default locale', () => {
    const s = survey({
      question: { en: 'How likely?', ja: 'おすすめしますか？' },
      followUpQuestion: { promoter: { en: 'What do you love?' }, en: 'Why?', ja: '理由は？' },
    });
    expect(questionText(s, 'ja')).toBe('おすすめしますか？');
    expect(followUpText(s, 'en', 10)).toBe('What do you love?');
    expect(followUpText(s, 'en', 5)).toBe('Why?');
    expect(followUpText(s, 'ja', 10)).toBe('理由は？');
    expect(pickLocale(undefined, s, ['ja-JP'])).toBe('ja');
  });
});
