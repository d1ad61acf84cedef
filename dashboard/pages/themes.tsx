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
  const { error, run: act, pending } = useAction(themes.reload);
  const create = (event: Event) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    const form = new FormData(el);
    void act(
      () =>
        read(
          api.v1.themes.$post({
            json: {
              name: String(form.get('name')),
              keywords: { en: splitKeywords(String(form.get('en') ?? '')), ja: splitKeywords(String(form.get('ja') ?? '')) },
            },
          }),
        ),
      el,
    );
  };
  return (
    <>
      <PageHeader title={t('themes.title')} />
      <ThemeInsights />
      <h2 class="section-gap">{t('insights.definitions')}</h2>
      <p class="muted">{t('themes.help')}</p>
      {error && <p class="form-error" role="alert">{error}</p>}
      <QueryView query={themes}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('themes.none')}</Empty>
          ) : (
            <Table frame="card" headings={[t('themes.theme'), `${t('themes.keywords')} (English)`, `${t('themes.keywords')}（日本語）`, { hidden: t('themes.delete') }]}>
              {list.map((theme) => (
                <tr key={theme.id}>
                  <td>
                    <strong>{theme.name}</strong>
                    <div class="small">
                      <Link href={`/responses?theme=${encodeURIComponent(theme.name)}`}>{t('themes.responses')} →</Link>
                    </div>
                  </td>
                  <td lang="en">{(theme.keywords.en ?? []).join(', ') || '—'}</td>
                  <td lang="ja">{(theme.keywords.ja ?? []).join('、') || '—'}</td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-small btn-danger"
                      onClick={() => confirm(t('themes.confirmDelete', { name: theme.name })) && void act(() => read(api.v1.themes[':id'].$delete({ param: { id: theme.id } })))}
                    >
                      {t('themes.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </Table>
          )
        }
      </QueryView>
      <Card title={t('themes.new')} class="section-gap">
        <form class="stack" onSubmit={create}>
          <label>
            {t('themes.theme')}
            <input name="name" required maxLength={100} placeholder={t('themes.namePlaceholder')} />
          </label>
          <div class="row">
            <label>
              {t('themes.keywords')} (English)
              <input name="en" lang="en" placeholder="price, expensive, billing" />
            </label>
            <label>
              {t('themes.keywords')}（日本語）
              <input name="ja" lang="ja" placeholder="料金、高い、請求" />
            </label>
          </div>
          <p class="muted small">{t('themes.keywordsHelp')}</p>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={pending}>
              {t('themes.create')}
            </button>
          </div>
        </form>
      </Card>
    </>
  );
}
