import type { ComponentChildren } from 'preact';
import { api, read } from '../api/client';
import { useQuery } from '../api/use-query';
import { useI18n, type MessageKey } from '../i18n';
import { setQuery } from '../router';
import { useProject } from '../session';

export const CHANNELS = ['web', 'email', 'link', 'api', 'import'] as const;
export const LANGUAGES = ['en', 'ja', 'und'] as const;

/** Every survey of the project, page after page (the API serves 100 at a time), for lists and menus. */
export function useSurveys() {
  const project = useProject();
  const pageAfter = (cursor: string | null) => read(api.v1.surveys.$get({ query: { limit: '100', ...(cursor ? { cursor } : {}) } }));
  return useQuery(async () => {
    let page = await pageAfter(null);
    const surveys = [...page.data];
    while (page.nextCursor) {
      page = await pageAfter(page.nextCursor);
      surveys.push(...page.data);
    }
    return surveys;
  }, [project.id]);
}

export function SelectFilter(props: {
  name: string;
  label: MessageKey;
  value: string | null;
  options: { value: string; label: string }[];
  anyLabel?: string;
}) {
  const { t } = useI18n();
  return (
    <label class="filter">
      <span>{t(props.label)}</span>
      {/* `selected` per option, not `value` on the select: the options (surveys) may arrive after the URL's value. */}
      <select onChange={(e) => setQuery({ [props.name]: (e.target as HTMLSelectElement).value, cursor: null })}>
        <option value="" selected={!props.value}>
          {props.anyLabel ?? t('filters.any')}
        </option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DateFilter(props: { name: 'from' | 'to'; value: string }) {
  const { t } = useI18n();
  return (
    <label class="filter">
      <span>{t(props.name === 'from' ? 'filters.from' : 'filters.to')}</span>
      <input type="date" value={props.value} onChange={(e) => setQuery({ [props.name]: (e.target as HTMLInputElement).value })} />
    </label>
  );
}

/** Survey, channel and language pickers shared by the Overview and Responses pages. */
export function CommonFilters(props: { query: URLSearchParams; children?: ComponentChildren }) {
  const surveys = useSurveys();
  return <CommonFiltersOf {...props} surveys={surveys.data} />;
}

/** The same pickers over a survey list the page already has (the Responses page names each answer's survey). */
export function CommonFiltersOf(props: { query: URLSearchParams; surveys: { id: string; name: string }[] | undefined; children?: ComponentChildren }) {
  const { t } = useI18n();
  const { surveys } = props;
  return (
    <>
      <SelectFilter
        name="survey"
        label="filters.survey"
        value={props.query.get('survey')}
        anyLabel={t('filters.allSurveys')}
        options={(surveys ?? []).map((s) => ({ value: s.id, label: s.name }))}
      />
      <SelectFilter
        name="channel"
        label="filters.channel"
        value={props.query.get('channel')}
        options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
      />
      <SelectFilter
        name="language"
        label="filters.language"
        value={props.query.get('language')}
        options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
      />
      {props.children}
    </>
  );
}

export function FilterBar(props: { children: ComponentChildren; onReset: () => void }) {
  const { t } = useI18n();
  return (
    <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      {props.children}
      <button type="button" class="btn btn-quiet" onClick={props.onReset}>
        {t('filters.reset')}
      </button>
    </form>
  );
}

export const channelOf = (q: URLSearchParams) => (CHANNELS as readonly string[]).includes(q.get('channel') ?? '') ? (q.get('channel') as (typeof CHANNELS)[number]) : undefined;
export const opt = (v: string | null) => v || undefined;
