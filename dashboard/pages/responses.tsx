import { useState } from 'preact/hooks';
import { api, apiHeaders, ApiFailure, read } from '../api/client';
import { useLoadMore } from '../api/use-load-more';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { setQuery, useLocation } from '../router';
import { useProject } from '../session';
import { channelOf, CommonFiltersOf, DateFilter, FilterBar, opt, SelectFilter, useSurveys } from '../ui/filters';
import { PageHeader } from '../ui/layout';
import { ResponseItem } from '../ui/response-item';
import { Empty, QueryView } from '../ui/states';
import { addDays, isDate } from './dates';

const CATEGORIES = ['promoter', 'passive', 'detractor'] as const;
const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

function filtersOf(query: URLSearchParams, tz: string) {
  const category = query.get('category');
  const sentiment = query.get('sentiment');
  return {
    tz,
    surveyId: opt(query.get('survey')),
    channel: channelOf(query),
    language: opt(query.get('language')),
    category: (CATEGORIES as readonly string[]).includes(category ?? '') ? (category as (typeof CATEGORIES)[number]) : undefined,
    sentiment: (SENTIMENTS as readonly string[]).includes(sentiment ?? '') ? (sentiment as (typeof SENTIMENTS)[number]) : undefined,
    theme: opt(query.get('theme')),
    q: opt(query.get('q')),
    from: isDate(query.get('from')) ? query.get('from')! : undefined,
    to: isDate(query.get('to')) ? addDays(query.get('to')!, 1) : undefined,
  };
}

export function ResponsesPage() {
  const { t } = useI18n();
  const project = useProject();
  const { query } = useLocation();
  const filters = filtersOf(query, project.timeZone);
  const page = useQuery(() => read(api.v1.responses.$get({ query: { ...filters, limit: '50' } })), [project.id, query.toString()]);
  const more = useLoadMore(page.data, (cursor) => read(api.v1.responses.$get({ query: { ...filters, limit: '50', cursor } })));
  // The count and NPS of exactly the answers listed: /v1/metrics/nps takes the feed's own filters.
  const summary = useQuery(() => read(api.v1.metrics.nps.$get({ query: filters })), [project.id, query.toString()]);
  const surveys = useSurveys();
  const surveyName = new Map((surveys.data ?? []).map((s) => [s.id, s.name]));
  const themes = useQuery(() => read(api.v1.themes.$get()), [project.id]);
  const theme = query.get('theme');
  // A theme the URL names but the project no longer has (deleted, renamed) stays choosable, so the menu says what filters.
  const themeNames = (themes.data?.data ?? []).map((d) => d.name);
  if (theme && themes.data && !themeNames.includes(theme)) themeNames.push(theme);
  const [search, setSearch] = useState(query.get('q') ?? '');
  const [exportError, setExportError] = useState<string | null>(null);

  const exportCsv = async () => {
    setExportError(null);
    const url = api.v1.responses['export.csv'].$url({ query: filters as never });
    const res = await fetch(url, { headers: apiHeaders(), credentials: 'same-origin' });
    if (!res.ok) return setExportError(new ApiFailure(res.status, 'export', `HTTP ${res.status}`).message);
    const blob = await res.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'kizuna-responses.csv';
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <>
      <PageHeader title={t('responses.title')}>
        <button type="button" class="btn" onClick={() => void exportCsv()}>
          {t('responses.export')}
        </button>
      </PageHeader>
      {exportError && <p role="alert" class="form-error">{exportError}</p>}
      <FilterBar onReset={() => { setSearch(''); navigateReset(); }}>
        <label class="filter filter-search">
          <span>{t('filters.search')}</span>
          <input
            type="search"
            value={search}
            onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => e.key === 'Enter' && setQuery({ q: search })}
            onBlur={() => setQuery({ q: search })}
          />
        </label>
        <CommonFiltersOf query={query} surveys={surveys.data}>
          <SelectFilter
            name="category"
            label="filters.category"
            value={query.get('category')}
            options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          />
          <SelectFilter
            name="sentiment"
            label="filters.sentiment"
            value={query.get('sentiment')}
            options={SENTIMENTS.map((s) => ({ value: s, label: t(`sentiment.${s}`) }))}
          />
          <SelectFilter name="theme" label="filters.theme" value={theme} options={themeNames.map((name) => ({ value: name, label: name }))} />
        </CommonFiltersOf>
        <DateFilter name="from" value={isDate(query.get('from')) ? query.get('from')! : ''} optional />
        <DateFilter name="to" value={isDate(query.get('to')) ? query.get('to')! : ''} optional />
      </FilterBar>
      <FeedSummary summary={summary.data} />
      <QueryView query={page}>
        {(p) =>
          p.data.length === 0 ? (
            <Empty>{t('responses.none')}</Empty>
          ) : (
            <div class="card feed">
              {[...p.data, ...more.rows].map((r) => (
                <ResponseItem key={r.id} response={r} showPerson surveyName={surveys.data && (surveyName.get(r.surveyId) ?? t('responses.archivedSurvey'))} />
              ))}
              {more.nextCursor && (
                <button type="button" class="btn load-more" onClick={() => void more.loadMore()}>
                  {t('common.more')}
                </button>
              )}
            </div>
          )
        }
      </QueryView>
    </>
  );
}

/** "128 responses · NPS +12" for the filtered set; nothing until the figures are in (the list says why if none). */
function FeedSummary(props: { summary: { n: number; nps: number | null } | undefined }) {
  const { t, fmt } = useI18n();
  const s = props.summary;
  if (!s) return null;
  return (
    <p class="feed-summary" data-testid="feed-summary" aria-live="polite">
      <span data-testid="feed-count">{s.n === 1 ? t('responses.countOne') : t('responses.count', { n: fmt.integer(s.n) })}</span>
      <span data-testid="feed-nps">{t('responses.nps', { nps: s.nps === null ? '—' : fmt.nps(s.nps) })}</span>
    </p>
  );
}

function navigateReset() {
  setQuery({ survey: null, channel: null, language: null, category: null, sentiment: null, theme: null, q: null, from: null, to: null });
}
