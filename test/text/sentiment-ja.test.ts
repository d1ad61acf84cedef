import { describe, expect, it } from 'vitest';
import { analyzeSentiment } from '../../server/text/index';

const score = (text: string) => analyzeSentiment(text, 'ja').score;
const label = (text: string) => analyzeSentiment(text).label;

describe('Japanese sentiment', () => {
  it('scores common review phrasing', () => {
    expect(label('アプリが使いにくい')).toBe('negative');
    expect(label('いつも助かります')).toBe('positive');
    expect(label('最悪の対応でした')).toBe('negative');
    expect(label('サポートが神対応でした')).toBe('positive');
    expect(label('とても使いやすいです')).toBe('positive');
  });

  it('reads negation that follows the word', () => {
    expect(score('良くない')).toBeLessThan(0);
    expect(score('満足できませんでした')).toBeLessThan(0);
    expect(score('期待したほど便利ではなかった')).toBeLessThan(0);
    expect(score('迷わず使える、便利とは言えず')).toBeLessThan(score('便利'));
    expect(score('特に問題はありません')).toBeGreaterThan(0);
    expect(score('悪くない')).toBeGreaterThan(0);
  });

  it('weighs the clause after a contrastive conjunction more', () => {
    expect(score('デザインは良いですが、動作が遅い')).toBeLessThan(0);
    expect(score('動作は遅いけど、デザインは素晴らしい')).toBeGreaterThan(0);
    expect(score('値段は安い。しかし、すぐ壊れた')).toBeLessThan(0);
  });

  it('hears politely worded complaints and wishes as negative', () => {
    expect(label('対応が遅かったのが残念でした')).toBe('negative');
    expect(label('日本語のマニュアルがあると良かったです')).toBe('negative');
    expect(label('もう少し安いと嬉しいです')).toBe('negative');
    expect(label('もっと早く返信してほしい')).toBe('negative');
  });

  it('takes the polarity of a change from what changes, not from 増加/減少', () => {
    expect(score('料金が増加しました')).toBeLessThan(0);
    expect(score('待ち時間が減少しました')).toBeGreaterThan(0);
    expect(score('不具合が増えた')).toBeLessThan(0);
    expect(score('増加しました')).toBe(0);
    expect(score('減少しました')).toBe(0);
  });

  it('intensifies and dampens', () => {
    expect(score('とても便利')).toBeGreaterThan(score('便利'));
    expect(score('少し不便')).toBeGreaterThan(score('不便'));
  });

  it('leaves descriptions and plans neutral', () => {
    expect(label('家族三人で利用しました。')).toBe('neutral');
    expect(label('部屋には加湿器が置いてありました。')).toBe('neutral');
    expect(label('早めに予約する方が良いです。')).toBe('neutral');
  });

  it('handles full-width and half-width forms alike', () => {
    expect(score('ｻｲｺｳ！最高！')).toBeGreaterThan(0);
    expect(score('最高！')).toBe(score('最高!'));
  });
});
