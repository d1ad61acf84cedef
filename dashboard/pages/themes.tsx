import { useEffect, useRef, useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useAction } from '../api/use-action';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useProject } from '../session';
import { PageHeader } from '../ui/layout';
import { Card, Empty, QueryView } from '../ui/states';
import { Table } from '../ui/table';
import { ThemeInsights } from './theme-insights';

type Keywords = { en?: string[]; ja?: string[] };
type Theme = { id: string; name: string; keywords: Keywords };

const splitKeywords = (text: string) =>
  text
    .split(/[,、\n]/)
    .map((k) => k.trim())
    .filter(Boolean);

/**
 * The project's own themes: a name plus keywords per language, applied to every answer at ingest and
 * re-applied to stored answers when edited. Each links to the answers that mention it.
 */
export function ThemesPage() {
  const { t } = useI18n();
  const project = useProject();
  const themes = useQuery(async () => (await read(api.v1.themes.$get())).data as Theme[], [project.id]);
  const [editing, setEditing] = useState<Theme | null>(null);
  const { error, run: act, pending } = useAction(() => {
    setEditing(null);
    themes.reload();
  });
  const save = (event: Event) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    const form = new FormData(el);
    const json = {
      name: String(form.get('name')),
      keywords: { en: splitKeywords(String(form.get('en') ?? '')), ja: splitKeywords(String(form.get('ja') ?? '')) },
    };
    const id = editing?.id;
    void act(() => read(id ? api.v1.themes[':id'].$patch({ param: { id }, json }) : api.v1.themes.$post({ json })), el);
  };
  return (
    <>
      <PageHeader title={t('themes.title')} />
      <ThemeInsights />
      <h2 class="section-gap">{t('insights.definitions')}</h2>
      <p class="muted">{t('themes.help')}</p>
      <QueryView query={themes}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('themes.none')}</Empty>
          ) : (
            <Table frame="card" headings={[t('themes.theme'), `${t('themes.keywords')} (English)`, `${t('themes.keywords')}（日本語）`, { hidden: t('themes.actions') }]}>
              {list.map((theme) => (
                <tr key={theme.id} data-theme-id={theme.id} class={editing?.id === theme.id ? 'editing' : undefined}>
                  <td>
                    <strong>{theme.name}</strong>
                    <div class="small">
                      <Link href={`/responses?theme=${encodeURIComponent(theme.name)}`}>{t('themes.responses')} →</Link>
                    </div>
                  </td>
                  <td lang="en">{(theme.keywords.en ?? []).join(', ') || '—'}</td>
                  <td lang="ja">{(theme.keywords.ja ?? []).join('、') || '—'}</td>
                  <td>
                    <div class="row-actions">
                      <button
                        type="button"
                        class="btn btn-small"
                        disabled={pending}
                        aria-label={t('themes.editNamed', { name: theme.name })}
                        onClick={() => setEditing(theme)}
                      >
                        {t('themes.edit')}
                      </button>
                      <button
                        type="button"
                        class="btn btn-small btn-danger"
                        disabled={pending}
                        aria-label={t('themes.deleteNamed', { name: theme.name })}
                        onClick={() => confirm(t('themes.confirmDelete', { name: theme.name })) && void act(() => read(api.v1.themes[':id'].$delete({ param: { id: theme.id } })))}
                      >
                        {t('themes.delete')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </Table>
          )
        }
      </QueryView>
      {/* One form for a new theme and for the one being edited; a new key starts it afresh from that theme. */}
      <ThemeForm key={editing?.id ?? 'new'} theme={editing} error={error} pending={pending} onSubmit={save} onCancel={() => setEditing(null)} />
    </>
  );
}

function ThemeForm(props: { theme: Theme | null; error: string | null; pending: boolean; onSubmit: (e: Event) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const theme = props.theme;
  const name = useRef<HTMLInputElement>(null);
  // Editing starts where the form is: the cursor in the name, the form in view.
  useEffect(() => {
    if (theme) name.current?.focus();
  }, [theme]);
  return (
    <Card title={theme ? t('themes.editTitle', { name: theme.name }) : t('themes.new')} class="section-gap theme-form">
      <form class="stack" onSubmit={props.onSubmit}>
        <label>
          {t('themes.theme')}
          <input ref={name} name="name" required maxLength={100} placeholder={t('themes.namePlaceholder')} defaultValue={theme?.name ?? ''} />
        </label>
        <div class="row">
          <label>
            {t('themes.keywords')} (English)
            <input name="en" lang="en" placeholder="price, expensive, billing" defaultValue={(theme?.keywords.en ?? []).join(', ')} />
          </label>
          <label>
            {t('themes.keywords')}（日本語）
            <input name="ja" lang="ja" placeholder="料金、高い、請求" defaultValue={(theme?.keywords.ja ?? []).join('、')} />
          </label>
        </div>
        <p class="muted small">{t('themes.keywordsHelp')}</p>
        {props.error && <p class="form-error" role="alert">{props.error}</p>}
        <div class="form-actions">
          {theme && (
            <button type="button" class="btn" onClick={props.onCancel}>
              {t('common.cancel')}
            </button>
          )}
          <button type="submit" class="btn btn-primary" disabled={props.pending}>
            {theme ? t('themes.save') : t('themes.create')}
          </button>
        </div>
      </form>
    </Card>
  );
}
