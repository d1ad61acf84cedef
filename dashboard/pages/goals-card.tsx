// The project's NPS goals on the Overview (/v1/goals): per goal its target and period, the NPS so far with its
// interval, and the forecast as the API gives it — the projected final NPS with its 80% range and the chance of
// reaching the target in plain words. Nothing at all when the project has no goals.
import { api, read } from '../api/client';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { useProject } from '../session';
import { Card } from '../ui/states';
import { chancePercent } from './goal-chance';

/** The last day of the period: `to` is exclusive, so a goal "to 1 April" ends on 31 March. */
const lastDay = (to: string) => new Date(new Date(to).getTime() - 1);

/** The project's goals as the Overview reads them once, for this card and for the trend's target lines. */
export function useGoals() {
  const project = useProject();
  return useQuery(async () => (await read(api.v1.goals.$get())).data, [project.id]);
}

export type Goal = NonNullable<ReturnType<typeof useGoals>['data']>[number];

export function GoalsCard({ goals }: { goals: ReturnType<typeof useGoals> }) {
  const { t, fmt } = useI18n();
  const project = useProject();
  const tz = project.timeZone;
  // A panel about goals only when there are some: no empty card, no spinner, no error box on the Overview.
  if (!goals.data || goals.data.length === 0) return null;
  return (
    <Card class="wide goals" title={t('goals.title')} id="goals">
      <ul class="goal-list">
        {goals.data.map((g) => (
          <li key={g.id} class="goal" data-goal={g.id}>
            <div class="goal-head">
              <strong class="goal-name">{g.name}</strong>
              <span class={`goal-status goal-${g.status}`}>{t(`goals.status.${g.status}`)}</span>
            </div>
            <p class="small muted">
              <span data-testid="goal-target">{t('goals.target', { target: fmt.nps(g.target) })}</span>
              {' · '}
              {t('goals.period', { from: fmt.date(g.from, tz), to: fmt.date(lastDay(g.to), tz) })}
            </p>
            <dl class="goal-figures">
              <dt>{t(g.status === 'finished' ? 'goals.final' : 'goals.current')}</dt>
              <dd data-testid="goal-current">
                {g.current.nps === null || !g.current.ci95
                  ? t('goals.currentNone')
                  : t('goals.currentValue', {
                      nps: fmt.nps(g.current.nps),
                      low: fmt.nps(g.current.ci95.low),
                      high: fmt.nps(g.current.ci95.high),
                      n: fmt.integer(g.current.n),
                    })}
              </dd>
              {g.projected && g.expectedAnswersByEnd !== null && g.status !== 'finished' && (
                <>
                  <dt>{t('goals.projected')}</dt>
                  <dd data-testid="goal-projected">
                    {t('goals.projectedValue', {
                      nps: fmt.nps(g.projected.nps),
                      low: fmt.nps(g.projected.ci80.low),
                      high: fmt.nps(g.projected.ci80.high),
                      n: fmt.integer(g.expectedAnswersByEnd),
                    })}
                  </dd>
                </>
              )}
            </dl>
            {g.projected && g.projected.nps !== null && g.current.nps !== null && <GoalBar target={g.target} current={g.current.nps} projected={g.projected} showRange={g.status !== 'finished'} />}
            <p class="goal-chance" data-testid="goal-chance">
              {g.probabilityOfReaching === null
                ? g.status === 'upcoming'
                  ? t('goals.upcoming', { date: fmt.date(g.from, tz) })
                  : g.status === 'active'
                    ? t('goals.noForecast')
                    : null
                : g.status === 'finished'
                  ? t(g.probabilityOfReaching === 1 ? 'goals.reached' : 'goals.missed', { nps: fmt.nps(g.current.nps!) })
                  : t('goals.chance', {
                      chance: fmt.percent(chancePercent(g.probabilityOfReaching)),
                      target: fmt.nps(g.target),
                      date: fmt.date(lastDay(g.to), tz),
                    })}
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** Where the goal stands on the −100..100 scale: the 80% forecast range, the NPS so far and the target line. */
function GoalBar(props: { target: number; current: number; projected: { nps: number; ci80: { low: number; high: number } }; showRange: boolean }) {
  const { t } = useI18n();
  const pos = (v: number) => `${(v + 100) / 2}%`;
  const { low, high } = props.projected.ci80;
  return (
    <div aria-hidden="true">
      <div class="goal-bar">
        <span class="goal-range" style={{ left: pos(low), width: `max(2px, ${(high - low) / 2}%)` }} />
        <span class="goal-current" style={{ left: pos(props.current) }} />
        <span class="goal-target" style={{ left: pos(props.target) }} />
      </div>
      <p class="goal-legend small muted">
        <span class="goal-key goal-key-current" /> {props.showRange ? t('goals.legendNow') : t('goals.legendFinal')}
        <span class="goal-key goal-key-target" /> {t('goals.legendTarget')}
        {props.showRange && (
          <>
            <span class="goal-key goal-key-range" /> {t('goals.legendRange')}
          </>
        )}
        <span class="goal-scale">−100 … +100</span>
      </p>
    </div>
  );
}
