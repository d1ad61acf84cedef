// What the project's comments talk about over a period: per theme its answers, share, NPS with its
// interval, sentiment about it, detractor lift and change against the period before (/v1/insights/themes), the
// recurring phrases found in the comments, and the channel × theme matrix (/v1/insights/matrix). Every figure
// is the API's, formatted; each theme links to the answers behind it.
import type { ComponentChildren } from 'preact';
import { api, read } from '../api/client';
import { useQuery } from '../api/use-query';
import { useI18n, type MessageKey } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import { useProject } from '../session';
import { CHANNELS, channelOf, CommonFilters, DateFilter, FilterBar, opt } from '../ui/filters';
import { Card, Empty, QueryView } from '../ui/states';
import { Table } from '../ui/table';
import { addDays, periodFrom } from './dates';

type Figures = {
  count: number;
  share: number | null;
  nps: number | null;
  ci95: { low: number; high: number } | null;
  averageSentiment: number | null;
  detractorLift: number | null;
  change: { previousCount: number; count: number; previousShare: number | null; share: number | null };
};

/** The cell's heading, shown above its figure where a narrow screen stacks a row into a card. */
function Labelled(props: { label: string; children: ComponentChildren; testid?: string }) {
  return (
    <td data-testid={props.testid}>
      <span class="cell-label" aria-hidden="true">
        {props.label}
      </span>
      {props.children}
    </td>
  );
}

export function ThemeInsights() {
  const { t, fmt } = useI18n();
  const project = useProject();
  const { query } = useLocation();
  const tz = project.timeZone;
  const period = periodFrom(query, tz);
  const segment = { surveyId: opt(query.get('survey')), channel: channelOf(query), language: opt(query.get('language')), tz };
  const range = { ...segment, from: period.apiFrom, to: period.apiTo };
  const key = [project.id, query.toString()];
  const themes = useQuery(() => read(api.v1.insights.themes.$get({ query: range })), key);
  const matrix = useQuery(() => read(api.v1.insights.matrix.$get({ query: { ...range, rows: 'channel' } })), key);

  /** The Responses page over the same period and segment, narrowed further. */
  const responsesHref = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ from: period.from, to: period.to });
    for (const name of ['survey', 'channel', 'language']) if (query.get(name)) params.set(name, query.get(name)!);
    for (const [name, value] of Object.entries(extra)) params.set(name, value);
    return `/responses?${params}`;
  };
  const dash = '—';
  const sentiment = (value: number | null) => (value === null ? dash : fmt.sentiment(value));
  const nps = (f: { nps: number | null; ci95: { low: number; high: number } | null }) =>
    f.nps === null ? (
      dash
    ) : (
      <>
        <strong>{fmt.nps(f.nps)}</strong>
        {f.ci95 && <div class="small muted">{t('insights.ci', { low: fmt.nps(f.ci95.low), high: fmt.nps(f.ci95.high) })}</div>}
      </>
    );
  const change = (c: Figures['change']) => (
    <>
      {fmt.signed(c.count)}
      {c.share !== null && <div class="small muted">{t('insights.sharePoints', { diff: fmt.signed(c.share) })}</div>}
    </>
  );
  const figureCells = (f: Figures) => {
    const h = (k: MessageKey) => t(k);
    return [
      <Labelled key="count" label={h('insights.answers')} testid="count">{fmt.integer(f.count)}</Labelled>,
      <Labelled key="share" label={h('insights.share')} testid="share">{f.share === null ? dash : fmt.percent(f.share)}</Labelled>,
      <Labelled key="nps" label={h('insights.nps')} testid="nps">{nps(f)}</Labelled>,
      <Labelled key="sentiment" label={h('themes.sentiment')} testid="sentiment">{sentiment(f.averageSentiment)}</Labelled>,
      <Labelled key="lift" label={h('themes.lift')} testid="lift">{f.detractorLift === null ? dash : fmt.ratio(f.detractorLift)}</Labelled>,
      <Labelled key="change" label={h('insights.changeVs')} testid="change">{change(f.change)}</Labelled>,
    ];
  };
  const figureHeadings = [t('insights.answers'), t('insights.share'), t('insights.nps'), t('themes.sentiment'), t('themes.lift'), t('insights.changeVs')];

  return (
    <section aria-labelledby="insights-title" class="section-gap">
      <h2 id="insights-title">{t('insights.title')}</h2>
      <FilterBar onReset={() => setQuery({ survey: null, channel: null, language: null, from: null, to: null })}>
        <DateFilter name="from" value={period.from} />
        <DateFilter name="to" value={period.to} />
        <CommonFilters query={query} />
      </FilterBar>
      <QueryView query={themes}>
        {(data) => {
          const defined = data.data.filter((d) => d.source === 'defined');
          const discovered = data.data.filter((d) => d.source === 'discovered');
          return (
            <>
              <p class="muted small" data-testid="insights-period">
                {t('insights.period', {
                  n: fmt.integer(data.comments.total),
                  previous: fmt.integer(data.comments.previousTotal),
                  from: fmt.date(`${period.previousFrom}T12:00:00Z`),
                  to: fmt.date(`${addDays(period.previousTo, -1)}T12:00:00Z`),
                })}{' '}
                {t('themes.lift')}: {t('themes.liftHelp')}
              </p>
              <Card title={t('insights.defined')} id="theme-figures">
                {defined.length === 0 ? (
                  <p class="empty-note">{t('themes.none')}</p>
                ) : (
                  <Table class="insights-table" headings={[t('themes.theme'), ...figureHeadings]}>
                    {defined.map((d) => (
                      <tr key={d.id} data-theme={d.name}>
                        <td>
                          <Link href={responsesHref({ theme: d.name })}>{d.name}</Link>
                        </td>
                        {figureCells(d)}
                      </tr>
                    ))}
                  </Table>
                )}
              </Card>
              <Card title={t('insights.discovered')} id="discovered" class="section-gap">
                <p class="muted small">{t('insights.discoveredHelp')}</p>
                {discovered.length === 0 ? (
                  <p class="empty-note">{t('insights.noneDiscovered')}</p>
                ) : (
                  <Table class="insights-table" headings={[t('insights.phrase'), ...figureHeadings]}>
                    {discovered.map((d) => (
                      <tr key={d.key} data-phrase={d.name}>
                        <td>
                          <Link href={responsesHref({ q: d.name })}>{d.name}</Link>
                        </td>
                        {figureCells(d)}
                      </tr>
                    ))}
                  </Table>
                )}
              </Card>
            </>
          );
        }}
      </QueryView>
      <Card title={t('themes.matrix')} id="matrix" class="section-gap">
        <QueryView query={matrix}>
          {(m) =>
            m.columns.length === 0 || m.data.length === 0 ? (
              <Empty>{t('insights.noMatrix')}</Empty>
            ) : (
              <>
                <p class="muted small">{t('insights.matrixHelp')}</p>
                <Table class="insights-table matrix-table" headings={[t('filters.channel'), t('insights.allAnswers'), ...m.columns]}>
                  {m.data.map((row) => {
                    const channel = row.key !== null && (CHANNELS as readonly string[]).includes(row.key) ? row.key : null;
                    return (
                      <tr key={row.key ?? ''} data-channel={row.key ?? ''}>
                        <td>{channel ? t(`channel.${channel as (typeof CHANNELS)[number]}`) : (row.label ?? dash)}</td>
                        <Labelled label={t('insights.allAnswers')} testid="total">
                          {t('insights.cellN', { n: fmt.integer(row.total.n) })}
                          <div>{nps(row.total)}</div>
                        </Labelled>
                        {row.cells.map((cell) => (
                          <Labelled key={cell.theme} label={cell.theme} testid="cell">
                            {cell.n === 0 ? (
                              dash
                            ) : (
                              <>
                                {channel ? (
                                  <Link href={responsesHref({ channel, theme: cell.theme })}>{t('insights.cellN', { n: fmt.integer(cell.n) })}</Link>
                                ) : (
                                  t('insights.cellN', { n: fmt.integer(cell.n) })
                                )}
                                <div data-testid="cell-nps">{t('insights.cellNps', { nps: fmt.nps(cell.nps!) })}</div>
                                <div class="small muted" data-testid="cell-sentiment">
                                  {t('insights.cellSentiment', { s: sentiment(cell.averageSentiment) })}
                                </div>
                              </>
                            )}
                          </Labelled>
                        ))}
                      </tr>
                    );
                  })}
                </Table>
                {m.truncated && <p class="muted small">{t('insights.truncated')}</p>}
              </>
            )
          }
        </QueryView>
      </Card>
    </section>
  );
}
