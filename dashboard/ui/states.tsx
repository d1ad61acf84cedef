import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n';
import type { Query } from '../api/use-query';

export function Loading() {
  const { t } = useI18n();
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {t('state.loading')}
    </div>
  );
}

export function ErrorState(props: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="state state-error" role="alert">
      <strong>{t('state.error')}</strong>
      <p>{props.error.message}</p>
      {props.onRetry && (
        <button type="button" class="btn" onClick={props.onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty(props: { children: ComponentChildren }) {
  return <div class="state state-empty">{props.children}</div>;
}

/** Loading on first load, the error with a retry, else the content (kept visible while refreshing). */
export function QueryView<T>(props: { query: Query<T>; children: (data: T) => ComponentChildren }) {
  const { query } = props;
  if (query.error && query.data === undefined) return <ErrorState error={query.error} onRetry={query.reload} />;
  if (query.data === undefined) return <Loading />;
  return (
    <div aria-busy={query.loading} class={query.loading ? 'refreshing' : undefined}>
      {query.error && <ErrorState error={query.error} onRetry={query.reload} />}
      {props.children(query.data)}
    </div>
  );
}

export function Card(props: { title?: ComponentChildren; children: ComponentChildren; class?: string; id?: string }) {
  return (
    <section class={`card ${props.class ?? ''}`} aria-labelledby={props.id ? `${props.id}-title` : undefined}>
      {props.title && <h2 id={props.id ? `${props.id}-title` : undefined}>{props.title}</h2>}
      {props.children}
    </section>
  );
}
