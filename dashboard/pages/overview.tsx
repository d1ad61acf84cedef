import { api, read } from '../api/client';
import { useQuery } from '../api/use-query';
import { CategorySplit, Distribution } from '../charts/distribution';
import { TrendChart, TrendTable } from '../charts/trend-chart';
import { useI18n } from '../i18n';
import { setQuery, useLocation } from '../router';
import { useProject } from '../session';
import { PageHeader } from '../ui/layout';
import { channelOf, CommonFilters, DateFilter, FilterBar, opt } from '../ui/filters';
import { Card, QueryView } from '../ui/states';
import { addDays, intervalFor, periodFrom } from './dates';
import { GoalsCard, useGoals, type Goal } from './goals-card';

/** Below this many answers the interval is too wide to act on, and the page says so instead of a headline. */
export const MIN_RESPONSES = 30;

export function OverviewPage() {
  const { t, fmt } = useI18n();
  const project = useProject();
  const { query } = useLocation();
  const tz = project.timeZone;
  const period = periodFrom(query, tz);
  const interval = intervalFor(period.days, query.get('interval'));
  const segment = {
    surveyId: opt(query.get('survey')),
    channel: channelOf(query),
    language: opt(query.get('language')),
    tz,
  };
  const key = [project.id, query.toString()];

  const comparison = useQuery(
    () =>
      read(
        api.v1.metrics.nps.compare.$get({
          query: { ...segment, from: period.apiFrom, to: period.apiTo, previousFrom: period.previousFrom, previousTo: period.previousTo },
        }),
      ),
    key,
  );
  const trend = useQuery(
    () => read(api.v1.metrics.nps.trend.$get({ query: { ...segment, from: period.apiFrom, to: period.apiTo, interval } })),
    key,
  );
  const scores = useQuery(() => read(api.v1.metrics.scores.$get({ query: { ...segment, from: period.apiFrom, to: period.apiTo } })), key);
  const goals = useGoals();
  const targets = goalsOnTrend(goals.data ?? [], segment.surveyId, period.apiFrom, period.apiTo);

  return (
    <>
      <PageHeader title={t('overview.title')} />
      <FilterBar onReset={() => setQuery({ survey: null, channel: null, language: null, from: null, to: null })}>
        <DateFilter name="from" value={period.from} />
        <DateFilter name="to" value={period.to} />
        <CommonFilters query={query} />
      </FilterBar>

      <div class="grid overview-grid">
        <GoalsCard goals={goals} />
        <Card class="headline" title={t('overview.nps')} id="nps">
          <QueryView query={comparison}>
            {(c) => {
              const s = c.current;
              if (s.n === 0 || s.nps === null || !s.ci95) return <p class="empty-note">{t('overview.noResponses')}</p>;
              const enough = s.n >= MIN_RESPONSES;
              return (
                <div class={enough ? 'nps-block' : 'nps-block nps-uncertain'}>
                  {!enough && (
                    <div class="notice" role="note">
                      <strong>{t('overview.notEnough')}</strong>
                      <p>
                        {t('overview.notEnoughBody', {
                          n: fmt.integer(s.n),
                          low: fmt.nps(s.ci95.low),
                          high: fmt.nps(s.ci95.high),
                          min: MIN_RESPONSES,
                        })}
                      </p>
                    </div>
                  )}
                  <p class="nps-value" data-testid="nps-value">
                    {fmt.nps(s.nps)}
                  </p>
                  <p class="nps-interval" data-testid="nps-interval">
                    {t('overview.interval', { low: fmt.nps(s.ci95.low), high: fmt.nps(s.ci95.high) })}
                  </p>
                  <IntervalBar low={s.ci95.low} high={s.ci95.high} value={s.nps} />
                  <p class="nps-n" data-testid="nps-n">
                    {t('overview.n', { n: fmt.integer(s.n) })}
                  </p>
                </div>
              );
            }}
          </QueryView>
        </Card>

        <Card title={t('overview.compare')} id="compare">
          <QueryView query={comparison}>
            {(c) => (
              <div class="compare" data-testid="compare">
                <p class="muted small">
                  {t('overview.compareRange', { from: fmt.date(`${period.previousFrom}T12:00:00Z`), to: fmt.date(`${addDays(period.previousTo, -1)}T12:00:00Z`) })}
                </p>
                {c.difference === null || c.pValue === null || !c.differenceCi95 ? (
                  <p>{t('overview.noCompare')}</p>
                ) : (
                  <>
                    <p class={`change ${c.significant ? (c.difference > 0 ? 'up' : 'down') : 'flat'}`}>
                      {t('overview.change', { sign: '', diff: fmt.signed(c.difference) })}
                    </p>
                    <p>
                      {c.significant
                        ? t('overview.significant', {
                            p: fmt.pValue(c.pValue),
                            low: fmt.signed(c.differenceCi95.low),
                            high: fmt.signed(c.differenceCi95.high),
                          })
                        : t('overview.notSignificant', { p: fmt.pValue(c.pValue) })}
                    </p>
                    <p class="muted small">{t('overview.previous', { nps: fmt.nps(c.previous.nps!), n: fmt.integer(c.previous.n) })}</p>
                  </>
                )}
              </div>
            )}
          </QueryView>
        </Card>

        <Card title={t('overview.split')} id="split">
          <QueryView query={comparison}>
            {(c) => (c.current.n === 0 ? <p class="empty-note">{t('overview.noResponses')}</p> : <CategorySplit {...c.current} />)}
          </QueryView>
        </Card>

        <Card title={t('overview.distribution')} id="distribution">
          <QueryView query={scores}>
            {(d) => (d.n === 0 ? <p class="empty-note">{t('overview.noResponses')}</p> : <Distribution scores={d.scores} />)}
          </QueryView>
        </Card>

        <Card class="wide" id="trend">
          <div class="card-head">
            <h2 id="trend-title">{t('overview.trend')}</h2>
            <div class="lang-switch interval-picker" role="group" aria-label={t('overview.trend')}>
              {(['day', 'week', 'month'] as const).map((i) => (
                <button type="button" key={i} aria-pressed={interval === i} onClick={() => setQuery({ interval: i })}>
                  {t(`overview.interval.${i}`)}
                </button>
              ))}
            </div>
          </div>
          <QueryView query={trend}>
            {(tr) => (
              <>
                <p class="muted small">{t('overview.trendHelp', { interval: t(`overview.interval.${tr.interval}`) })}</p>
                <TrendChart points={tr.points} timeZone={tz} interval={tr.interval} targets={targets} />
                <TrendTable points={tr.points} timeZone={tz} interval={tr.interval} />
              </>
            )}
          </QueryView>
        </Card>
      </div>
    </>
  );
}

/** The interval drawn on the −100..100 scale, so its width is seen, not just read. */
function IntervalBar(props: { low: number; high: number; value: number }) {
  const pos = (v: number) => `${(v + 100) / 2}%`;
  return (
    <div class="interval-bar" aria-hidden="true">
      <span class="interval-range" style={{ left: pos(props.low), width: `${(props.high - props.low) / 2}%` }} />
      <span class="interval-zero" style={{ left: '50%' }} />
      <span class="interval-value" style={{ left: pos(props.value) }} />
      <span class="interval-scale">
        <span>−100</span>
        <span>0</span>
        <span>+100</span>
      </span>
    </div>
  );
}

/**
 * The goals whose target belongs on this trend: those measuring what it shows (the same survey, or all surveys
 * when it shows all; no saved segment, since the trend has no segment) whose period overlaps its range. The
 * range is bare dates and the goals' periods instants: ISO text compares by time to within a day, enough to
 * decide which goals a chart of days, weeks or months should show.
 */
export function goalsOnTrend(goals: Goal[], surveyId: string | undefined, from: string, to: string) {
  return goals
    .filter((g) => (g.surveyId ?? undefined) === surveyId && !g.segmentId && g.from < to && g.to > from)
    .map((g) => ({ id: g.id, name: g.name, target: g.target }));
}
