// The figures of one theme over a period, from counts alone (pure: no db, no http), so the SQL-counted
// defined themes and the in-process counted discovered keyphrases are described the same way.
import { summarizeNps } from '../../analytics/nps';
import { roundToTenth } from '../../analytics/round';

export type CategoryTally = { detractors: number; passives: number; promoters: number };

/** Comments of one period that mention a theme, per category, and the sum of their sentiment scores. */
export type ThemeTally = { mentions: CategoryTally; sentimentSum: number; sentimentCount: number };

export const emptyTally = (): ThemeTally => ({
  mentions: { detractors: 0, passives: 0, promoters: 0 },
  sentimentSum: 0,
  sentimentCount: 0,
});

export const totalOf = (t: CategoryTally) => t.detractors + t.passives + t.promoters;

const percent = (part: number, whole: number) => (whole === 0 ? null : roundToTenth((100 * part) / whole));
const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  const rounded = Math.round(Number((value * factor).toPrecision(15))) / factor;
  return rounded === 0 ? 0 : rounded;
};

/**
 * How many times more often a detractor's comment mentions the theme than a promoter's:
 *   (detractor comments mentioning it ÷ all detractor comments) ÷ (promoter comments mentioning it ÷ all promoter comments).
 * Above 1 the theme drives detraction, below 1 it is what promoters talk about. Null when it has no finite
 * value: no detractor comments, no promoter comments, or no promoter mentions (the rates are still given).
 */
export function detractorLift(mentions: CategoryTally, comments: CategoryTally): number | null {
  if (comments.detractors === 0 || comments.promoters === 0 || mentions.promoters === 0) return null;
  return round(mentions.detractors / comments.detractors / (mentions.promoters / comments.promoters), 2);
}

export type ThemeFigures = ReturnType<typeof themeFigures>;

/**
 * `comments` are the period's comments per category (every comment, mentioning the theme or not);
 * `previous` is the same theme's count and the number of comments in the period before, of equal length.
 */
export function themeFigures(
  tally: ThemeTally,
  comments: CategoryTally,
  previous: { count: number; comments: number },
) {
  const { mentions } = tally;
  const count = totalOf(mentions);
  const allComments = totalOf(comments);
  const share = allComments === 0 ? null : (100 * count) / allComments;
  const previousShare = previous.comments === 0 ? null : (100 * previous.count) / previous.comments;
  return {
    count,
    /** Percent of the period's comments that mention the theme. */
    share: share === null ? null : roundToTenth(share),
    /** Of the comments that mention it, the percent written by detractors, passives and promoters. */
    detractorPct: percent(mentions.detractors, count),
    passivePct: percent(mentions.passives, count),
    promoterPct: percent(mentions.promoters, count),
    /** NPS of the answers that mention it, in points. */
    nps: percent(mentions.promoters - mentions.detractors, count),
    /** Its 95% interval, as /v1/metrics/nps gives it: a theme few mention has a wide one. */
    ci95: summarizeNps(mentions).ci95,
    averageSentiment: tally.sentimentCount === 0 ? null : round(tally.sentimentSum / tally.sentimentCount, 3),
    /** Percent of each group's comments that mention the theme: the two rates behind detractorLift. */
    mentionRate: {
      detractors: percent(mentions.detractors, comments.detractors),
      passives: percent(mentions.passives, comments.passives),
      promoters: percent(mentions.promoters, comments.promoters),
    },
    detractorLift: detractorLift(mentions, comments),
    change: {
      previousCount: previous.count,
      count: count - previous.count,
      previousShare: previousShare === null ? null : roundToTenth(previousShare),
      /** Percentage points; from unrounded shares. */
      share: share === null || previousShare === null ? null : roundToTenth(share - previousShare),
    },
  };
}
