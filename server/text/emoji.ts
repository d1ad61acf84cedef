// Polarity of the emoji people actually put in feedback, on VADER's -4..+4 scale. Hand-curated
// (the emoji lexicon of VADER's Python release is not in the npm port). Both analyzers use it.
export const EMOJI_VALENCE: ReadonlyMap<string, number> = new Map([
  // joy, love, approval
  ['😀', 2], ['😃', 2], ['😄', 2.2], ['😁', 2], ['😆', 2], ['😊', 2.2], ['🙂', 1.2], ['😉', 1.2],
  ['😍', 3], ['🥰', 3], ['😘', 2.2], ['😻', 2.5], ['🤩', 3], ['😎', 1.5], ['🥳', 2.5], ['😂', 1.5],
  ['🤣', 1.5], ['😇', 2], ['☺', 2], ['❤', 2.8], ['♥', 2.5], ['💕', 2.8], ['💖', 2.8], ['💗', 2.5],
  ['💯', 2.5], ['👍', 2], ['👏', 2], ['🙌', 2.2], ['🙏', 1.5], ['✨', 1.5], ['🎉', 2.2], ['🌟', 2],
  ['⭐', 1.5], ['👌', 1.8], ['💪', 1.5], ['🔥', 1.5], ['✅', 1.2], ['🆗', 1], ['😋', 2], ['🤗', 2],
  ['🥲', 0.5], ['😌', 1.2],
  // anger, sadness, disgust, disapproval
  ['😞', -2], ['😔', -1.8], ['😟', -1.8], ['😕', -1.5], ['🙁', -1.5], ['☹', -2], ['😣', -2],
  ['😖', -2.2], ['😫', -2.2], ['😩', -2.2], ['😢', -2.2], ['😭', -2.5], ['😤', -2], ['😠', -2.5],
  ['😡', -3], ['🤬', -3.2], ['🤯', -1.5], ['😱', -2], ['😨', -2], ['😰', -2], ['😓', -1.5],
  ['🤢', -2.5], ['🤮', -3], ['😒', -1.8], ['🙄', -1.8], ['😑', -1], ['😐', -0.5], ['😬', -1],
  ['💔', -2.5], ['👎', -2], ['💩', -2.5], ['❌', -1.5], ['🚫', -1.5], ['😪', -1], ['😴', -0.8],
  ['🤦', -1.8], ['😿', -2], ['⚠', -0.8],
]);

// Matches one pictographic emoji with its modifiers and joiners, so "👍🏽" counts as "👍".
export const EMOJI_SEQUENCE = /\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*/gu;

/** Valence of one emoji sequence (skin tones and variation selectors ignored); 0 if unknown. */
export function emojiValence(sequence: string): number {
  const base = sequence.codePointAt(0);
  if (base === undefined) return 0;
  return EMOJI_VALENCE.get(String.fromCodePoint(base)) ?? 0;
}
