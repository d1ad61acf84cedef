import { useI18n } from '../i18n';
import { Link } from '../router';

/** An address the dashboard has no page for: said in words, with a way back. */
export function NotFound() {
  const { t } = useI18n();
  return (
    <div class="state not-found">
      <h1>{t('notFound.title')}</h1>
      <p class="muted">{t('notFound.body')}</p>
      <Link href="/overview" class="btn btn-primary">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
