import { useI18n } from '../i18n';

const colourOf = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/** Answers per score 0..10, coloured by NPS category. Plain HTML bars: no chart library needed for eleven columns. */
export function Distribution(props: { scores: { score: number; n: number }[] }) {
  const { t, fmt } = useI18n();
  const max = Math.max(1, ...props.scores.map((s) => s.n));
  return (
    <ol class="distribution" aria-label={t('overview.distribution')}>
      {props.scores.map(({ score, n }) => (
        <li key={score} class={`bar-${colourOf(score)}`} aria-label={t('overview.responsesOfScore', { n: fmt.integer(n), score })}>
          <span class="bar-count" aria-hidden="true">{n > 0 ? fmt.integer(n) : ''}</span>
          <span class="bar" style={{ height: `${Math.max(n > 0 ? 3 : 0, (100 * n) / max)}%` }} aria-hidden="true" />
          <span class="bar-label" aria-hidden="true">{score}</span>
        </li>
      ))}
    </ol>
  );
}

export function CategorySplit(props: { promoters: number; passives: number; detractors: number; n: number }) {
  const { t, fmt } = useI18n();
  const parts = [
    ['detractor', props.detractors],
    ['passive', props.passives],
    ['promoter', props.promoters],
  ] as const;
  return (
    <div class="split">
      <div class="split-bar" aria-hidden="true">
        {parts.map(([key, count]) =>
          count > 0 ? <span key={key} class={`seg-${key}`} style={{ width: `${(100 * count) / props.n}%` }} /> : null,
        )}
      </div>
      <ul class="split-legend">
        {parts.map(([key, count]) => (
          <li key={key}>
            <span class={`dot dot-${key}`} aria-hidden="true" />
            <span class="split-name">{t(`category.${key}`)}</span>
            <strong>{fmt.percent(props.n ? (100 * count) / props.n : 0)}</strong>
            <span class="muted">({fmt.integer(count)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
