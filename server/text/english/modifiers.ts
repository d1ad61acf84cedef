// Word lists that change the weight of the sentiment words near them (after VADER's).

/** Scope of a negation, in words before the sentiment word: short, unlike natural's "to the end". */
export const NEGATION_SCOPE = 3;
/** Negated sentiment flips and weakens ("not good" is milder than "bad"). */
export const NEGATION_SCALAR = -0.74;
/** Added to a word's magnitude per booster, subtracted per dampener. */
export const BOOST = 0.293;
/** Added to a word's magnitude when it is shouted (ALL CAPS among lower-case words). */
export const CAPS_BOOST = 0.733;

export const NEGATORS = new Set([
  'not', 'no', 'never', 'neither', 'nor', 'none', 'nobody', 'nothing', 'nowhere', 'without',
  'rarely', 'seldom', 'lack', 'lacks', 'lacked', 'lacking', 'cannot',
  'nope', 'despite',
]);

export const BOOSTERS = new Set([
  'absolutely', 'amazingly', 'awfully', 'completely', 'considerably', 'decidedly', 'deeply',
  'effing', 'enormously', 'entirely', 'especially', 'exceptionally', 'extremely', 'fabulously',
  'flipping', 'fricking', 'frickin', 'frigging', 'fully', 'fucking', 'greatly', 'hella',
  'highly', 'hugely', 'incredibly', 'intensely', 'majorly', 'more', 'most', 'particularly',
  'purely', 'quite', 'really', 'remarkably', 'so', 'substantially', 'thoroughly', 'totally',
  'tremendously', 'uber', 'unbelievably', 'unusually', 'utterly', 'very', 'super', 'truly',
  'insanely', 'ridiculously', 'seriously', 'way', 'too', 'pretty',
]);

export const DAMPENERS = new Set([
  'almost', 'barely', 'hardly', 'kinda', 'less', 'little', 'marginally', 'occasionally',
  'partly', 'scarcely', 'slightly', 'somewhat', 'sorta', 'fairly', 'mostly', 'bit', 'rather',
]);

/** Two-word dampeners, recognised as a unit. */
export const DAMPENING_PHRASES = new Set(['kind of', 'sort of', 'a bit', 'a little']);

/** Words after which the rest of the sentence outweighs what came before. */
export const CONTRAST_WORDS = new Set(['but', 'however']);
export const BEFORE_CONTRAST_WEIGHT = 0.5;
export const AFTER_CONTRAST_WEIGHT = 1.5;

/** "like" is a preposition, not a sentiment, after these ("looks like a toy"). */
export const LIKE_AS_PREPOSITION_AFTER = new Set([
  'look', 'looks', 'looked', 'looking', 'feel', 'feels', 'felt', 'seem', 'seems', 'seemed',
  'sound', 'sounds', 'sounded', 'just', 'more', 'much', 'something', 'anything', 'nothing',
  'exactly', 'act', 'acts', 'acted', 'is', 'was', 'be', 'things', 'stuff',
]);

/** Exclamation marks add emphasis up to this many; each adds this much. */
export const MAX_EXCLAMATIONS = 4;
export const EXCLAMATION_BOOST = 0.292;
