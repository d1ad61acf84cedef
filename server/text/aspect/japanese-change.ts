import { DESIRABLE, LESS, MORE, NEGATION_AFTER, UNDESIRABLE } from '../japanese/rules';

// The sentence analyzer composes a change with what changes only for quantities it knows
// (利益が増加 good, 費用が増加 bad). About a named target the subject is known even when the word
// is not in those lists: 受注高は前期を上回りました, 中国現地法人は増収増益. The target's growth is then
// good news unless the target reads as a cost or a trouble (…費, …損, …コスト, 負担, or a word of
// the undesirable list), the same compositional rule with a default for unknown quantities.

const DIRECTION = new RegExp(`(${MORE}|伸長|伸張|持ち直|回復)|(${LESS}|割り込|割込)`);
const COST_LIKE = new RegExp(`(?:${UNDESIRABLE}|費|損|損失|コスト|負担|料)$|^${UNDESIRABLE}`);
const GOOD_QUANTITY = new RegExp(`${DESIRABLE}`);

/** ±2 when the text after the target reports it growing or shrinking, else 0. */
export function targetChangeValence(target: string, after: string): number {
  const match = DIRECTION.exec(after);
  if (!match) return 0;
  // A known quantity between target and change is the real subject (事業の売上高が増加): the
  // sentence rules already judged it, so only the target itself is weighed here.
  const undesirable = COST_LIKE.test(target) && !GOOD_QUANTITY.test(target.slice(-4));
  const more = match[1] !== undefined;
  let valence = more !== undesirable ? 2 : -2;
  if (NEGATION_AFTER.test(after.slice(match.index + match[0].length, match.index + match[0].length + 10))) valence *= -0.74;
  return valence;
}
