import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiFailure, read } from '../api/client';
import { useBusy } from '../api/use-busy';
import { useQuery } from '../api/use-query';
import { useI18n, type Locale } from '../i18n';
import { Link, navigate } from '../router';
import { useProject } from '../session';
import { CopyButton } from '../ui/copy-button';
import { PageHeader } from '../ui/layout';
import { Card, Empty, QueryView } from '../ui/states';
import { useSurveys } from '../ui/filters';
import { Table } from '../ui/table';

export function SurveysPage() {
  const { t, fmt } = useI18n();
  const project = useProject();
  const surveys = useSurveys();
  const [error, setError] = useState<string | null>(null);
  const { busy: creating, guard } = useBusy();
  const create = guard(async () => {
    try {
      // A draft: sites that already have the widget must not show it before someone edits and publishes it.
      const survey = await read(api.v1.surveys.$post({ json: { name: t('surveys.newName'), kind: 'nps', status: 'draft' } }));
      navigate(`/surveys/${survey.id}`);
    } catch (err) {
      setError((err as Error).message);
    }
  });
  return (
    <>
      <PageHeader title={t('surveys.title')}>
        <button type="button" class="btn btn-primary" disabled={creating} onClick={() => void create()}>
          {t('surveys.new')}
        </button>
      </PageHeader>
      {error && <p class="form-error" role="alert">{error}</p>}
      <QueryView query={surveys}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('surveys.none')}</Empty>
          ) : (
            <Table frame="card" headings={[t('surveys.name'), t('surveys.status'), t('surveys.responses'), t('common.created')]}>
              {list.map((s) => (
                <tr key={s.id} data-survey-id={s.id}>
                  <td>
                    <Link href={`/surveys/${s.id}`}>{s.name}</Link>
                    <div class="muted small mono">{s.id}</div>
                  </td>
                  <td>
                    <span class={`chip status-${s.status}`}>{t(`surveys.status.${s.status}`)}</span>
                    <ChannelChip channels={s.channels} />
                  </td>
                  <td data-testid="response-count">
                    {/* On a phone the row is a card without column headings: the figure says what it counts. */}
                    <span class="stack-label" aria-hidden="true">
                      {t('surveys.responses')}{' '}
                    </span>
                    {s.responseCount > 0 ? (
                      <Link href={`/responses?survey=${encodeURIComponent(s.id)}`} aria-label={t('surveys.responsesOf', { n: fmt.integer(s.responseCount), name: s.name })}>
                        {fmt.integer(s.responseCount)}
                      </Link>
                    ) : (
                      <span class="muted">0</span>
                    )}
                  </td>
                  <td>{fmt.date(s.createdAt, project.timeZone)}</td>
                </tr>
              ))}
            </Table>
          )
        }
      </QueryView>
    </>
  );
}

type Channel = 'web' | 'email';
/** The editor's three choices for a survey's channels (the API's list of one or both). */
type ChannelsChoice = 'both' | Channel;
const channelsChoice = (channels: readonly Channel[]): ChannelsChoice =>
  channels.includes('web') && channels.includes('email') ? 'both' : channels.includes('email') ? 'email' : 'web';
const channelsOf = (choice: ChannelsChoice): Channel[] => (choice === 'both' ? ['web', 'email'] : [choice]);

/** A survey asked one way only says so in the list; the usual case (both) says nothing. */
function ChannelChip(props: { channels: Channel[] }) {
  const { t } = useI18n();
  const only = channelsChoice(props.channels);
  if (only === 'both') return null;
  return (
    <>
      {' '}
      <span class="chip" data-testid="survey-channel">
        {t(`surveys.channel.${only}`)}
      </span>
    </>
  );
}

type Texts = { en?: string; ja?: string };
type Draft = {
  name: string;
  status: 'draft' | 'active' | 'paused';
  channels: Channel[];
  defaultLocale: 'en' | 'ja';
  question: Texts;
  followUpQuestion: Texts & { detractor?: Texts; passive?: Texts; promoter?: Texts };
  targeting: { delaySeconds: number; urlInclude: string[]; urlExclude: string[]; sampleRate: number; recontactDays: number; maxDismissals: number };
  appearance: { brandColor: string; position: 'bottom-right' | 'bottom-left' | 'center'; theme: 'light' | 'dark' | 'auto' };
};

export function SurveyEditorPage(props: { id: string }) {
  const project = useProject();
  const survey = useQuery(() => read(api.v1.surveys[':id'].$get({ param: { id: props.id } })), [project.id, props.id]);
  return <QueryView query={survey}>{(s) => <SurveyEditor key={s.id} survey={s as typeof s & Draft} />}</QueryView>;
}

const clean = (texts: Texts): Texts => Object.fromEntries(Object.entries(texts).filter(([, v]) => v && v.trim())) as Texts;

function SurveyEditor(props: { survey: Draft & { id: string } }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => structuredClone(props.survey));
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Map<string, string>>(new Map());
  const update = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved('idle');
  };
  const [savedStatus, setSavedStatus] = useState<Draft['status']>(props.survey.status);
  // What the server holds decides what the side cards say (links refused for a web-only survey), not the unsaved choice.
  const [savedChannels, setSavedChannels] = useState<Channel[]>(props.survey.channels);
  const save = (event: Event) => {
    event.preventDefault();
    void persist(draft.status);
  };
  const publish = () => {
    update({ status: 'active' });
    void persist('active');
  };
  const archive = async () => {
    if (!confirm(t('surveys.confirmArchive', { name: draft.name }))) return;
    try {
      await read(api.v1.surveys[':id'].$delete({ param: { id: props.survey.id } }));
      navigate('/surveys');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const persist = async (status: Draft['status']) => {
    setSaved('saving');
    setError(null);
    setFields(new Map());
    try {
      const fu = draft.followUpQuestion;
      const followUpQuestion = {
        ...clean({ en: fu.en, ja: fu.ja }),
        ...Object.fromEntries(
          (['detractor', 'passive', 'promoter'] as const)
            .map((c) => [c, clean(fu[c] ?? {})] as const)
            .filter(([, v]) => Object.keys(v).length > 0),
        ),
      };
      await read(
        api.v1.surveys[':id'].$patch({
          param: { id: props.survey.id },
          json: {
            name: draft.name,
            status,
            channels: draft.channels,
            defaultLocale: draft.defaultLocale,
            question: clean(draft.question),
            followUpQuestion,
            targeting: draft.targeting,
            appearance: draft.appearance,
          },
        }),
      );
      setSavedStatus(status);
      setSavedChannels(draft.channels);
      setSaved('saved');
    } catch (err) {
      setSaved('idle');
      setError((err as Error).message);
      if (err instanceof ApiFailure) setFields(err.fields);
    }
  };
  const text = (label: string, value: string | undefined, onInput: (v: string) => void, lang: Locale) => (
    <label>
      {label}
      <textarea rows={2} lang={lang} value={value ?? ''} onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)} />
    </label>
  );
  const number = (label: string, value: number, onInput: (v: number) => void, attrs: { min: number; max: number; step?: number }) => (
    <label>
      {label}
      <input type="number" {...attrs} value={value} onInput={(e) => onInput(Number((e.target as HTMLInputElement).value))} />
    </label>
  );
  const lines = (v: string) => v.split('\n').map((s) => s.trim()).filter(Boolean);
  const tg = draft.targeting;

  return (
    <>
      <p class="breadcrumb">
        <Link href="/surveys">← {t('surveys.back')}</Link>
      </p>
      <PageHeader title={draft.name || props.survey.id}>
        <span class={`chip status-${savedStatus}`} data-testid="survey-status">
          {t(`surveys.status.${savedStatus}`)}
        </span>
        {savedStatus === 'draft' && (
          <button type="button" class="btn btn-primary" disabled={saved === 'saving'} onClick={publish}>
            {t('surveys.publish')}
          </button>
        )}
        <button type="button" class="btn btn-quiet" onClick={() => void archive()}>
          {t('surveys.archive')}
        </button>
      </PageHeader>
      {savedStatus === 'draft' && <p class="notice small">{t('surveys.draftNotice')}</p>}
      <div class="editor-grid">
        <form class="card editor" onSubmit={save} aria-label={t('surveys.edit')}>
          <fieldset>
            <label>
              {t('surveys.name')}
              <input
                value={draft.name}
                required
                maxLength={200}
                aria-invalid={fields.has('name')}
                aria-describedby={fields.has('name') ? 'survey-name-error' : undefined}
                onInput={(e) => update({ name: (e.target as HTMLInputElement).value })}
              />
            </label>
            {fields.has('name') && (
              <span class="field-error" id="survey-name-error">
                {fields.get('name')}
              </span>
            )}
            <div class="row">
              <label>
                {t('surveys.status')}
                <select value={draft.status} onChange={(e) => update({ status: (e.target as HTMLSelectElement).value as Draft['status'] })}>
                  <option value="draft">{t('surveys.status.draft')}</option>
                  <option value="active">{t('surveys.status.active')}</option>
                  <option value="paused">{t('surveys.status.paused')}</option>
                </select>
              </label>
              <label>
                {t('surveys.defaultLocale')}
                <select
                  value={draft.defaultLocale}
                  onChange={(e) => update({ defaultLocale: (e.target as HTMLSelectElement).value as Locale })}
                >
                  <option value="en">English</option>
                  <option value="ja">日本語</option>
                </select>
              </label>
            </div>
            <label>
              {t('surveys.channels')}
              <select
                value={channelsChoice(draft.channels)}
                aria-describedby="survey-channels-help"
                onChange={(e) => update({ channels: channelsOf((e.target as HTMLSelectElement).value as ChannelsChoice) })}
              >
                {(['both', 'web', 'email'] as const).map((c) => (
                  <option key={c} value={c}>
                    {t(`surveys.channels.${c}`)}
                  </option>
                ))}
              </select>
              <span class="muted small" id="survey-channels-help">
                {t('surveys.channelsHelp')}
              </span>
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('surveys.texts')}</legend>
            {text(`${t('surveys.question')} (English)`, draft.question.en, (v) => update({ question: { ...draft.question, en: v } }), 'en')}
            {text(`${t('surveys.question')}（日本語）`, draft.question.ja, (v) => update({ question: { ...draft.question, ja: v } }), 'ja')}
            {text(`${t('surveys.followUp')} (English)`, draft.followUpQuestion.en, (v) => update({ followUpQuestion: { ...draft.followUpQuestion, en: v } }), 'en')}
            {text(`${t('surveys.followUp')}（日本語）`, draft.followUpQuestion.ja, (v) => update({ followUpQuestion: { ...draft.followUpQuestion, ja: v } }), 'ja')}
            <details>
              <summary>{t('surveys.followUpFor', { category: t('category.detractor.one') })} …</summary>
              {(['detractor', 'passive', 'promoter'] as const).map((c) => (
                <div key={c}>
                  {(['en', 'ja'] as const).map((l) =>
                    text(
                      `${t('surveys.followUpFor', { category: t(`category.${c}.one`) })} ${l === 'en' ? '(English)' : '（日本語）'}`,
                      draft.followUpQuestion[c]?.[l],
                      (v) => update({ followUpQuestion: { ...draft.followUpQuestion, [c]: { ...draft.followUpQuestion[c], [l]: v } } }),
                      l,
                    ),
                  )}
                </div>
              ))}
            </details>
          </fieldset>
          <fieldset>
            <legend>{t('surveys.targeting')}</legend>
            <div class="row">
              {number(t('surveys.delay'), tg.delaySeconds, (v) => update({ targeting: { ...tg, delaySeconds: v } }), { min: 0, max: 3600 })}
              {number(t('surveys.sample'), Math.round(tg.sampleRate * 100), (v) => update({ targeting: { ...tg, sampleRate: v / 100 } }), { min: 0, max: 100 })}
            </div>
            <div class="row">
              {number(t('surveys.recontact'), tg.recontactDays, (v) => update({ targeting: { ...tg, recontactDays: v } }), { min: 0, max: 3650 })}
              {number(t('surveys.maxDismissals'), tg.maxDismissals, (v) => update({ targeting: { ...tg, maxDismissals: v } }), { min: 0, max: 100 })}
            </div>
            <label>
              {t('surveys.include')}
              <textarea rows={2} class="mono" value={tg.urlInclude.join('\n')} onChange={(e) => update({ targeting: { ...tg, urlInclude: lines((e.target as HTMLTextAreaElement).value) } })} />
            </label>
            <label>
              {t('surveys.exclude')}
              <textarea rows={2} class="mono" value={tg.urlExclude.join('\n')} onChange={(e) => update({ targeting: { ...tg, urlExclude: lines((e.target as HTMLTextAreaElement).value) } })} />
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('surveys.appearance')}</legend>
            <div class="row">
              <label>
                {t('surveys.color')}
                <input
                  type="color"
                  value={draft.appearance.brandColor}
                  onInput={(e) => update({ appearance: { ...draft.appearance, brandColor: (e.target as HTMLInputElement).value } })}
                />
              </label>
              <label>
                {t('surveys.position')}
                <select
                  value={draft.appearance.position}
                  onChange={(e) => update({ appearance: { ...draft.appearance, position: (e.target as HTMLSelectElement).value as Draft['appearance']['position'] } })}
                >
                  {(['bottom-right', 'bottom-left', 'center'] as const).map((p) => (
                    <option key={p} value={p}>
                      {t(`surveys.position.${p}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('surveys.theme')}
                <select
                  value={draft.appearance.theme}
                  onChange={(e) => update({ appearance: { ...draft.appearance, theme: (e.target as HTMLSelectElement).value as Draft['appearance']['theme'] } })}
                >
                  {(['light', 'dark', 'auto'] as const).map((p) => (
                    <option key={p} value={p}>
                      {t(`surveys.theme.${p}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </fieldset>
          {error && <p class="form-error" role="alert">{error}</p>}
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={saved === 'saving'}>
              {t('surveys.save')}
            </button>
            <span role="status" class="saved-note">
              {saved === 'saved' ? t('surveys.saved') : ''}
            </span>
          </div>
        </form>
        <div class="editor-side">
          <Preview surveyId={props.survey.id} draft={draft} initialLocale={locale} />
          <EmbedSnippet surveyName={draft.name} emailOnly={!savedChannels.includes('web')} />
          <EmailLinks surveyId={props.survey.id} webOnly={!savedChannels.includes('email')} />
        </div>
      </div>
    </>
  );
}

function encodeDraft(value: unknown) {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The real widget in a frame, fed the unsaved draft (see dashboard/preview/frame.ts). */
function Preview(props: { surveyId: string; draft: Draft; initialLocale: Locale }) {
  const { t } = useI18n();
  const [locale, setLocale] = useState<Locale>(props.initialLocale);
  const payload = useMemo(
    () =>
      encodeDraft({
        locale,
        survey: {
          id: props.surveyId,
          defaultLocale: props.draft.defaultLocale,
          question: clean(props.draft.question),
          followUpQuestion: props.draft.followUpQuestion,
          appearance: props.draft.appearance,
          targeting: { delaySeconds: 0, recontactDays: props.draft.targeting.recontactDays, maxDismissals: props.draft.targeting.maxDismissals },
        },
      }),
    [props.draft, props.surveyId, locale],
  );
  // Reload the frame shortly after typing stops, not on every keystroke.
  const [shown, setShown] = useState(payload);
  useEffect(() => {
    const timer = setTimeout(() => setShown(payload), 400);
    return () => clearTimeout(timer);
  }, [payload]);
  return (
    <Card title={t('surveys.preview')}>
      <div class="preview-head">
        <p class="muted small">{t('surveys.previewHelp')}</p>
        <div class="lang-switch" role="group" aria-label={t('surveys.previewLocale')}>
          {(['en', 'ja'] as Locale[]).map((l) => (
            <button type="button" key={l} aria-pressed={locale === l} onClick={() => setLocale(l)}>
              {l === 'en' ? 'EN' : '日本語'}
            </button>
          ))}
        </div>
      </div>
      <iframe key={shown} class="preview-frame" title={t('surveys.preview')} src={`/dashboard/preview#${shown}`} />
    </Card>
  );
}

function EmbedSnippet(props: { surveyName: string; emailOnly: boolean }) {
  const { t } = useI18n();
  const [key, setKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Identification stays a comment: pasted as is, a fixed id would make every visitor one person, and a fixed
  // locale would show English to Japanese browsers. The widget follows the browser's language unless told.
  const snippet = `<script async src="${location.origin}/widget.js" data-key="${key ?? 'pk_YOUR_PUBLISHABLE_KEY'}"></script>
<script>
  window.Kizuna = window.Kizuna || function () { (Kizuna.q = Kizuna.q || []).push(arguments) };
${t('surveys.snippetComment')
  .split('\n')
  .map((line) => `  // ${line}`)
  .join('\n')}
  // Kizuna('identify', { id: currentUser.id, email: currentUser.email, signature: signatureFromYourServer });
</script>`;
  const { busy: creatingKey, guard } = useBusy();
  const createKey = guard(async () => {
    setError(null);
    try {
      const created = await read(api.v1.project.keys.$post({ json: { kind: 'publishable', name: `Widget: ${props.surveyName}`.slice(0, 200) } }));
      setKey(created.key);
    } catch (err) {
      setError((err as Error).message);
    }
  });
  return (
    <Card title={t('surveys.embed')}>
      {props.emailOnly && (
        <p class="notice small" data-testid="widget-off">
          {t('surveys.widgetOff')}
        </p>
      )}
      <p class="muted small">{t('surveys.embedHelp')}</p>
      <pre class="snippet" data-testid="embed-snippet">
        <code>{snippet}</code>
      </pre>
      <div class="form-actions">
        <CopyButton text={snippet} />
        {!key && (
          <button type="button" class="btn btn-quiet" disabled={creatingKey} onClick={() => void createKey()}>
            {t('surveys.createKey')}
          </button>
        )}
      </div>
      {key && (
        <div class="notice small new-key">
          <p>{t('settings.keyShownOnce')}</p>
          <code class="key-box" data-testid="new-key">
            {key}
          </code>
          <CopyButton text={key} label={t('surveys.copyKey')} />
        </div>
      )}
      {error && <p class="form-error" role="alert">{error}</p>}
    </Card>
  );
}

function EmailLinks(props: { surveyId: string; webOnly: boolean }) {
  const { t } = useI18n();
  const [result, setResult] = useState<{ html: string; links: unknown } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { busy: making, guard } = useBusy();
  const submit = guard(async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (k: string) => String(form.get(k) ?? '').trim() || undefined;
    setError(null);
    try {
      const created = await read(
        api.v1.surveys[':id'].links.$post({
          param: { id: props.surveyId },
          json: {
            person: { id: value('id'), email: value('email'), name: value('name') },
            locale: (value('locale') as 'en' | 'ja' | undefined) ?? undefined,
          },
        }),
      );
      setResult(created);
    } catch (err) {
      setError((err as Error).message);
    }
  });
  return (
    <Card title={t('surveys.links')}>
      <p class="muted small">{t('surveys.linksHelp')}</p>
      {props.webOnly && (
        <p class="notice small" data-testid="links-off">
          {t('surveys.linksOff')}
        </p>
      )}
      <form onSubmit={submit} class="stack">
        <div class="row">
          <label>
            {t('surveys.personId')}
            <input name="id" />
          </label>
          <label>
            {t('surveys.personEmail')}
            <input name="email" type="email" />
          </label>
        </div>
        <div class="row">
          <label>
            {t('surveys.personName')}
            <input name="name" />
          </label>
          <label>
            {t('nav.language')}
            <select name="locale">
              <option value="en">English</option>
              <option value="ja">日本語</option>
            </select>
          </label>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn" disabled={making || props.webOnly}>
            {t('surveys.makeLinks')}
          </button>
        </div>
      </form>
      {error && <p class="form-error" role="alert">{error}</p>}
      {result && (
        <>
          <pre class="snippet">
            <code>{result.html}</code>
          </pre>
          <CopyButton text={result.html} />
        </>
      )}
    </Card>
  );
}
