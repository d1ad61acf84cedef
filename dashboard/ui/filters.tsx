import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useQuery } from '../api/use-query';
import { useI18n, type MessageKey } from '../i18n';
import { addDays } from '../pages/dates';
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

/**
 * A date filter (YYYY-MM-DD in the URL) written the way the dashboard's language writes dates: "3 Dec 2026" or
 * "2026/12/03". A text field rather than <input type="date">, whose display follows the browser's locale
 * (mm/dd/yyyy in a US English browser) whatever language the page is in. Typed text is read on Enter or when
 * the field is left; arrow keys step a day; emptying the field clears the filter (where the page allows it).
 */
export function DateFilter(props: { name: 'from' | 'to'; value: string; optional?: boolean }) {
  const { t, fmt } = useI18n();
  const shown = props.value ? fmt.calendarDate(props.value) : '';
  const [text, setText] = useState(shown);
  const [invalid, setInvalid] = useState(false);
  // A new value from the URL (another filter, Reset, the language switch) replaces what the field shows.
  useEffect(() => {
    setText(shown);
    setInvalid(false);
  }, [shown]);
  const commit = (value: string) => {
    if (value.trim() === '') {
      if (props.optional) return setQuery({ [props.name]: null });
      setText(shown);
      return setInvalid(false);
    }
    const day = fmt.parseDate(value);
    setInvalid(day === null);
    if (day === null) return;
    setText(fmt.calendarDate(day));
    setQuery({ [props.name]: day, cursor: null });
  };
  const errorId = `date-error-${props.name}`;
  return (
    <label class="filter filter-date">
      <span>{t(props.name === 'from' ? 'filters.from' : 'filters.to')}</span>
      <input
        type="text"
        name={props.name}
        data-date={props.value}
        inputMode="text"
        autoComplete="off"
        spellcheck={false}
        placeholder={t('filters.dateExample', { example: fmt.calendarDate('2026-12-03') })}
        value={text}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onChange={(e) => commit((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') return commit((e.target as HTMLInputElement).value);
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          const day = fmt.parseDate(text) ?? props.value;
          if (!day) return;
          e.preventDefault();
          commit(fmt.calendarDate(addDays(day, e.key === 'ArrowUp' ? 1 : -1)));
        }}
      />
      {invalid && (
        <span class="field-error" id={errorId} role="alert">
          {t('filters.dateInvalid', { example: fmt.calendarDate('2026-12-03') })}
        </span>
      )}
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
