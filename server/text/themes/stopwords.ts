// Words that never make a theme on their own. Kept short on purpose (a Worker bundles them):
// function words, pronouns, and the filler nouns of feedback ("thing", "こと", "今回").

export const ENGLISH_STOP_WORDS = new Set(`
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing done down during each even ever every few
for from further get gets getting got had has have having he her here hers him his how i if in
into is it its itself just let me more most my myself no nor not now of off on once only or other
our ours out over own really same she should so some such than that the their theirs them then
there these they this those through to too under until up upon us very was we were what when
where which while who whom why will with would you your yours yourself yet still much many lot
lots thing things stuff way one ones something anything everything nothing someone anyone
everyone time times day days today yesterday week please thanks thank ok okay yes yeah hi hello
also etc via per maybe overall bit since though although however always never sometimes
`.trim().split(/\s+/));

export const JAPANESE_STOP_NOUNS = new Set(`
こと もの ため 今回 前回 次回 私 自分 方 時 時間 感じ 利用 使用 場合 中 他 等 全体 全部 以上 以外 以下
特 一番 一度 今 今日 昨日 毎回 本当 最近 前 後 上 下 皆 皆様 皆さん 人 方々 部分 点 面 所 ところ 様
お客様 お客 当日 当方 彼 彼女 我々 具体的 普通 多少 少々 若干 非常 大変 全然 結構 是非 ぜひ 何 何か
一つ 二つ 感 的 件 回 度 年 月 日 円 個 分 秒 名 人数 程度 予定 今後 ありがとう
`.trim().split(/\s+/));
