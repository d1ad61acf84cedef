import { describe, expect, it } from 'vitest';
import { analyzeSentiment, type SentimentLabel } from '../../server/text/index';

// Small customer comments written for these tests (not taken from the benchmark data), each
// labelled by what a customer-experience team would read into it.
const EXAMPLES: [string, SentimentLabel][] = [
  ['Support answered within an hour and fixed the export for us. Thank you!', 'positive'],
  ["Honestly the best survey tool we've tried.", 'positive'],
  ['The invoices page keeps crashing when I filter by month.', 'negative'],
  ["I'm disappointed, the Japanese translation is full of mistakes.", 'negative'],
  ['Way too expensive for a team of three.', 'negative'],
  ['The reports are nice but exporting to CSV is painfully slow.', 'negative'],
  ['We switched from another vendor in March.', 'neutral'],
  ['Support never answered my emails.', 'negative'],
  ['Support was slow to reply.', 'negative'],
  ['Way too expensive', 'negative'],
  ['ダッシュボードが見やすくて、毎週の報告がとても楽になりました。', 'positive'],
  ['問い合わせにすぐ返信をいただき、助かりました。', 'positive'],
  ['チーム全員が気に入っています。', 'positive'],
  ['CSVの書き出しが遅くて困っています。', 'negative'],
  ['ログインのたびにエラーが出るのは不便です。', 'negative'],
  ['機能は充実していますが、料金が高いと感じます。', 'negative'],
  ['請求書の画面がもう少し分かりやすいと嬉しいです。', 'negative'],
  ['先月から社内の三部署で使っています。', 'neutral'],
];

describe('honestly labelled customer comments', () => {
  it.each(EXAMPLES)('%s → %s', (text, expected) => {
    expect(analyzeSentiment(text).label).toBe(expected);
  });
});

// Comments a lexicon cannot read: praise or blame implied without an opinion word. Kept here so
// the limitation is visible; if one starts passing, move it up.
const KNOWN_MISSES: [string, SentimentLabel][] = [
  ['Setup took five minutes and the dashboard is exactly what we needed.', 'positive'],
  ['設定は五分で終わりました。', 'positive'],
];

describe('known limitations', () => {
  it.fails.each(KNOWN_MISSES)('%s → %s (not yet)', (text, expected) => {
    expect(analyzeSentiment(text).label).toBe(expected);
  });
});
