import { describe, expect, it } from 'vitest';
import { analyzeAspect, analyzeSentiment } from '../../server/text/index';

/** Sentiment about the first (or `at`-th) occurrence of `target` in `text`. */
function about(text: string, target: string, at = 0) {
  let from = -1;
  for (let k = 0; k <= at; k++) from = text.indexOf(target, from + 1);
  if (from < 0) throw new Error(`${target} not in ${text}`);
  return analyzeAspect(text, from, from + target.length);
}

describe('aspect sentiment: English', () => {
  it('splits a mixed comment at "but"', () => {
    const text = 'The dashboard is lovely but the exports are broken.';
    expect(analyzeSentiment(text).label).not.toBe('neutral');
    expect(about(text, 'dashboard')).toMatchObject({ lang: 'en', label: 'positive', scope: 'clause' });
    expect(about(text, 'exports')).toMatchObject({ label: 'negative', scope: 'clause' });
  });

  it('reads "although" as ending its clause at the comma', () => {
    const text = 'Although the staff were wonderful, the room was dirty.';
    expect(about(text, 'staff').label).toBe('positive');
    expect(about(text, 'room').label).toBe('negative');
  });

  it('keeps units apart at commas and "and the"', () => {
    const text = 'Friendly nurses, awful parking.';
    expect(about(text, 'nurses').label).toBe('positive');
    expect(about(text, 'parking').label).toBe('negative');
    const joined = 'The courses are excellent and the certificate is worthless.';
    expect(about(joined, 'courses').label).toBe('positive');
    expect(about(joined, 'certificate').label).toBe('negative');
  });

  it('keeps negation within the target\'s clause', () => {
    const text = 'The tablet is not good, but the keyboard is great.';
    expect(about(text, 'tablet').label).toBe('negative');
    expect(about(text, 'keyboard').label).toBe('positive');
  });

  it('does not split at a parenthetical "however"', () => {
    const text = 'The lounge was clean. The shuttle, however, was terrible.';
    expect(about(text, 'shuttle').label).toBe('negative');
    expect(about(text, 'lounge').label).toBe('positive');
  });

  it('infers the opposite of a contrasted clause when the target\'s own clause says nothing', () => {
    const text = 'The checkout flow is excellent, but the coupon codes.';
    const result = about(text, 'coupon codes');
    expect(result).toMatchObject({ label: 'negative', scope: 'contrast' });
    expect(Math.abs(result.score)).toBeLessThan(Math.abs(about(text, 'checkout flow').score));
  });

  it('does not borrow the verdict of another sentence', () => {
    const text = 'I phoned the helpdesk on Friday. The agent was rude.';
    expect(about(text, 'helpdesk')).toMatchObject({ label: 'neutral', score: 0, scope: 'none' });
    expect(about(text, 'agent').label).toBe('negative');
  });

  it('reads offsets of the text as sent, markup and wide characters included', () => {
    const text = '<p>The <b>ＵＩ</b> is great</p> but the sync is awful.';
    expect(about(text, 'ＵＩ').label).toBe('positive');
    expect(about(text, 'sync').label).toBe('negative');
  });
});

describe('aspect sentiment: Japanese', () => {
  it('splits at が、 and reads each clause\'s predicate', () => {
    const text = 'スタッフの対応は丁寧でしたが、部屋はとても狭かったです。';
    expect(analyzeSentiment(text).lang).toBe('ja');
    expect(about(text, 'スタッフ')).toMatchObject({ lang: 'ja', label: 'positive' });
    expect(about(text, '部屋').label).toBe('negative');
  });

  it('splits at けど, ものの and 一方', () => {
    expect(about('アプリは便利だけど、サポートの返信が遅い', 'アプリ').label).toBe('positive');
    expect(about('アプリは便利だけど、サポートの返信が遅い', 'サポート').label).toBe('negative');
    expect(about('料理は美味しかったものの、接客は最悪でした', '料理').label).toBe('positive');
    expect(about('料理は美味しかったものの、接客は最悪でした', '接客').label).toBe('negative');
    expect(about('国内の店舗は好調だった一方、海外の店舗は苦戦した', '国内の店舗').label).toBe('positive');
    expect(about('国内の店舗は好調だった一方、海外の店舗は苦戦した', '海外の店舗').label).toBe('negative');
  });

  it('reads a target\'s change by what the target is: growth of a cost is bad, of anything else good', () => {
    const text = '家電部門の販売台数は前年を上回り、物流費は大幅に増加しました。';
    expect(about(text, '家電部門').label).toBe('positive');
    expect(about(text, '物流費').label).toBe('negative');
    const falling = '新製品の出荷は減少したが、広告宣伝費は減少した';
    expect(about(falling, '新製品').label).toBe('negative');
    expect(about(falling, '広告宣伝費').label).toBe('positive');
  });

  it('reads negation after the evaluative word inside the target\'s clause', () => {
    const text = '画面は見やすいけど、検索機能は使いやすくない';
    expect(about(text, '画面').label).toBe('positive');
    expect(about(text, '検索機能').label).toBe('negative');
  });

  it('finds an evaluative word before the target when nothing follows it', () => {
    expect(about('ひどい説明書と、丁寧なサポート', '説明書').label).toBe('negative');
  });
});

describe('aspect sentiment: robustness', () => {
  it('never throws on odd offsets and input, and stays in [-1, 1]', () => {
    const texts = ['', ' ', 'great', '最高', 'constructor', '__proto__ is terrible', '\u0000\ud800', 'a'.repeat(20000)];
    for (const text of texts) {
      for (const [from, to] of [[0, 1], [-5, 3], [3, 1], [1e9, 1e9 + 2], [Number.NaN, Number.NaN]] as const) {
        const result = analyzeAspect(text, from, to);
        expect(result.score).toBeGreaterThanOrEqual(-1);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(['positive', 'negative', 'neutral']).toContain(result.label);
      }
    }
    expect(analyzeAspect(undefined as unknown as string, 0, 1)).toMatchObject({ score: 0, label: 'neutral' });
  });

  it('a target past the analysed length is neutral, not read from the text before it', () => {
    const text = `${'The app is awful. '.repeat(300)}The export is great.`;
    const at = text.lastIndexOf('export');
    expect(analyzeAspect(text, at, at + 6)).toMatchObject({ score: 0, label: 'neutral', scope: 'none' });
  });

  it('gives other languages a neutral 0, like the sentence analyzer', () => {
    expect(analyzeAspect('Der Service war schrecklich, aber das Essen war gut.', 4, 11)).toMatchObject({ score: 0, label: 'neutral' });
  });
});
