// Phrase-level rules of Japanese customer feedback, applied to a clause before the word lexicon.
// Each matched span is masked so the lexicon does not count its words again.

export interface PhraseRule {
  /** Global regex over one clause (NFKC-normalized). */
  pattern: RegExp;
  valence: number;
  /** Cheap test a clause must pass before the (costlier) pattern is tried. */
  gate?: RegExp;
  /** Valence computed from the match instead of the fixed `valence`. */
  valenceOf?: (match: RegExpExecArray) => number;
  /** The phrase expresses a wish for something better: positive words in its clause describe
   * the wished-for state, not the experience (もっと早く対応してほしい). */
  wish?: boolean;
  /** Negation after the phrase is not looked for (it is part of the phrase, or meaningless). */
  fixed?: boolean;
}

const PRICE = '(?:料金|値段|価格|費用|代金|宿泊費|宿泊料|入場料|利用料|拝観料|送料|手数料|月額|年額|運賃|駐車料金|駐車代|お値段|値)(?:設定)?';
const QUALITY = '(?:評価|満足度|満足感|品質|質|クオリティ|レベル|技術力|技術|性能|精度|コスパ|コストパフォーマンス|意識|人気|透明度|再現度|完成度|天井)';
const DEGREE = '(?:は|が|も|の)?(?:少し|やや|ちょっと|かなり|とても|結構|すごく|非常に|大変|お)?';
// Verb stems that make 〜やすい a drawback: 壊れやすい "breaks easily", 混みやすい "gets crowded".
const PRONE = '(?:壊れ|こわれ|汚れ|よごれ|疲れ|混み|こみ|迷い|間違え|忘れ|滑り|すべり|酔い|冷め|傷つき|錆び|破れ|崩れ|濡れ|詰まり|絡まり|散らかり|曇り|切れ|外れ|割れ|落ち|折れ|渋滞し|故障し)';

// Change and amount take their polarity from what changes (compositional, as in "cost fell"):
// more of a good thing or less of a bad one is good, and the reverse bad. Neither 増加 nor 減少
// is good or bad by itself: 料金が上がった is a complaint, 待ち時間が減った praise, 利益が増加 good news.
// Quantities are judged from the customer's side (price, fees and waiting are bad when they grow).
export const DESIRABLE = '(?:利益|収益|営業利益|経常利益|純利益|売上高|売上|売り上げ|受注|需要|収入|所得|顧客数|客数|来場者数?|来客数?|会員数?|利用者数?|契約数|満足度|品揃え|品ぞろえ|種類|選択肢|メニュー|品数|本数|便数|台数|座席数?|席数|駐車場|機能|特典|ポイント|量|ボリューム|生産性|効率|シェア|配当|賞味期限|営業時間|保証期間|容量|スペース|余裕)';
export const UNDESIRABLE = '(?:コスト|費用|経費|原価|損失|赤字|負債|借入金?|料金|価格|値段|運賃|手数料|送料|税負担|負担|待ち時間|待ち|行列|不具合|故障|エラー|障害|苦情|クレーム|事故|リスク|混雑|欠品|品切れ|遅延|遅れ|解約|離職|ミス|不良|ゴミ|騒音|渋滞)';
export const MORE = '(?:増加|増大|増え|増し|増|上昇|上が|上回|伸び|拡大|高ま|多い|多く|多かっ|多め|豊富|長い|長く|長かっ|充実)';
export const LESS = '(?:減少|減っ|減り|減ら|減|低下|下が|下落|下回|縮小|落ち込|短縮|削減|少な|少なめ|乏し|短い|短く|短かっ|不足)';
const QUANTITY_CHANGE = new RegExp(`(${DESIRABLE}|${UNDESIRABLE})[^。!?]{0,24}?(${MORE}|${LESS})`, 'g');
const IS_DESIRABLE = new RegExp(`^${DESIRABLE}$`);
const IS_MORE = new RegExp(`^${MORE}$`);

export const PHRASE_RULES: readonly PhraseRule[] = [
  // Counterfactual regret: 〜があると良かった, 〜ならもっと嬉しかった — a polite complaint.
  { pattern: /(?:と|ば|たら|なら|だったら|であれば)(?:もっと|より|なお|さらに|尚)?(?:良|よ|嬉し|うれし|助か|ありがた|有難)かった/g, valence: -1.5, wish: true, fixed: true },
  // Wishes and requests: 〜だと嬉しいです, 〜してほしい, 〜して頂ければ.
  { pattern: /(?:と|ば|たら|なら)(?:もっと|より|なお|さらに)?(?:嬉し|うれし|助か|ありがた|有難)(?:い|る|ります|く思)/g, valence: -1.5, wish: true, fixed: true },
  { pattern: /(?:て|で)(?:ほし|欲し)(?:い|かった|く)|(?:ほし|欲し)かった|(?:して|し)(?:頂|いただ)(?:け|き)(?:れば|たら|ると)/g, valence: -1.5, wish: true, fixed: true },
  // "A little more…" asks for improvement even without a wish verb (もう少し広ければ).
  { pattern: /もう少し|もうすこし|もうちょっと|もう少々|もう一歩|もうひとつ|もう一つ/g, valence: -1, wish: true, fixed: true },
  // Advice is neutral (早めに行く方が良い), not praise.
  { pattern: /(?:と|ば|方が|ほうが)(?:良|よ|い)(?:い|いです|いでしょう|いと思|さそう)/g, valence: 0, fixed: true },
  // Price: high is bad news to a customer, low is good.
  { pattern: new RegExp(`${PRICE}${DEGREE}高(?:い|く|かっ|め|すぎ|額)`, 'g'), gate: /高/, valence: -2 },
  { pattern: new RegExp(`${PRICE}${DEGREE}(?:安|手頃|リーズナブル)(?:い|く|かっ|め|な|で)?`, 'g'), gate: /安|手頃|リーズナブル/, valence: 1.5 },
  // Quality: high is praise, low a complaint.
  { pattern: new RegExp(`${QUALITY}${DEGREE}高(?:い|く|かっ|め)`, 'g'), gate: /高/, valence: 2 },
  { pattern: new RegExp(`${QUALITY}${DEGREE}低(?:い|く|かっ|め)`, 'g'), gate: /低/, valence: -2 },
  // 〜にくい / 〜づらい "hard to", 〜やすい "easy to" (unless what comes easily is a problem).
  { pattern: /[\u4E00-\u9FFF\u3005\u3041-\u3096](?:にく|づら|ずら)(?:い|く|かっ|さ)/g, valence: -1.5 },
  { pattern: new RegExp(`${PRONE}(?:やす|易)(?:い|く|かっ|さ)`, 'g'), gate: /やす|易/, valence: -1.5 },
  { pattern: /[\u4E00-\u9FFF\u3005\u3041-\u3096](?:やす|易)(?:い|く|かっ|さ)/g, valence: 1.5 },
  // Wanting to come back is the strongest praise a visitor gives: また来たい, また利用させて頂きます.
  { pattern: /また(?![、,])[^、。]{0,10}?(?:たい|たく|ようと思|させて(?:頂|いただ)き)/g, valence: 2.5, fixed: true },
  {
    pattern: QUANTITY_CHANGE,
    gate: /[増上伸拡高多豊長充減低下落縮短削少乏不]/,
    valence: 0,
    valenceOf: (match) => (IS_DESIRABLE.test(match[1]!) === IS_MORE.test(match[2]!) ? 2 : -2),
  },
  // 大変 alone is a hardship (大変でした); before a word it is an intensifier, read in score.ts.
  { pattern: /大変(?:でし|だっ|です|だ(?!け)|な思い|な目)/g, valence: -1.5 },
];

/** "There is no X" (駐車場がない, 説明もなかった): a drawback, once the lexicon has had its turn. */
export const LACK = /(?:が|は|も)(?:ない|無い|なかっ|無かっ|なく|無く|ありません|なし|無し)/g;

/** Negation right after a word: 〜ない, 〜なかった, 〜ません, 〜ず (a few kana of inflection between),
 * and 〜とは言えない "cannot be called". */
export const NEGATION_AFTER = /^(?:[\u3041-\u3096]{0,4}?(?:ない|なかっ|なく|なけれ|なし|無い|無く|無かっ|無し|ません|ず(?![っつ]))|(?:とは|とも|では)?(?:言え|いえ|思え|おもえ)(?:ない|なかっ|ず|ません))/;

/** Contrastive conjunctions: the clause after them carries the writer's verdict. */
export const CONTRAST = /(?:です|ます|ました|でした|だ|だった|ません)が[、,]?|(?:い|た|る|ない)が[、,]|けれども|けれど|けど|しかし|ものの|ところが|ただし|ただ[、,]|でも[、,]|のに[、,]|反面|半面/g;

export const INTENSIFIER_BEFORE = /(?:とても|とっても|すごく|すっごく|凄く|非常に|大変|かなり|本当に|ほんとうに|ほんとに|本当|めっちゃ|めちゃくちゃ|めちゃめちゃ|超|最も|一番|極めて|大いに|実に|誠に|まことに|ものすごく|物凄く|特に|何より|何よりも|すごい|凄い|本当に)[\u3041-\u3096]?$/;
export const DAMPENER_BEFORE = /(?:少し|すこし|ちょっと|ちょっぴり|やや|若干|多少|少々|いささか|わりと|割と|比較的)[\u3041-\u3096]?$/;
