// An at-risk reason in words: the API sends a code and its numbers, the dashboard says what they mean.
import { useI18n } from '../i18n';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Reason =
  | { code: 'detractor'; score: number }
  | { code: 'score_drop'; score: number; previousScore: number }
  | { code: 'negative_comment'; sentiment: number }
  | { code: 'overdue_followup'; hoursOverdue: number }
  | { code: 'unanswered_followup'; daysWithoutReply: number };

export function ReasonText(props: { reason: Reason | { code: string } }) {
  const { t, fmt } = useI18n();
  const r = props.reason as Reason;
  switch (r.code) {
    case 'detractor':
      return <>{t('atRisk.reason.detractor', { score: fmt.integer(r.score) })}</>;
    case 'score_drop':
      return <>{t('atRisk.reason.score_drop', { previous: fmt.integer(r.previousScore), score: fmt.integer(r.score) })}</>;
    case 'negative_comment':
      return <>{t('atRisk.reason.negative_comment', { sentiment: fmt.sentiment(r.sentiment) })}</>;
    case 'overdue_followup':
      // Whole hours: under one it is "just" overdue, not "by 0 minutes".
      if (r.hoursOverdue < 1) return <>{t('atRisk.reason.overdueJust')}</>;
      return <>{t('atRisk.reason.overdue_followup', { duration: fmt.duration(r.hoursOverdue * HOUR) })}</>;
    case 'unanswered_followup':
      return <>{t('atRisk.reason.unanswered_followup', { duration: fmt.duration(r.daysWithoutReply * DAY) })}</>;
    default:
      // A reason this build does not know yet (the API may add some) is still shown, by its code.
      return <>{t('atRisk.reason.other', { code: props.reason.code })}</>;
  }
}
