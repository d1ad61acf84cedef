import { useState } from 'preact/hooks';
import { api, ApiFailure, read } from '../api/client';
import { useBusy } from '../api/use-busy';
import { useQuery } from '../api/use-query';
import { useI18n, type MessageKey } from '../i18n';
import { useProject } from '../session';
import { Card, QueryView } from '../ui/states';

/** As many as the API keeps (PATCH /v1/project refuses more). */
const MAX_ORIGINS = 50;

/**
 * What was typed, as the origin the API stores (scheme://host[:port], lower case, no default port), or why it
 * is not one. Checked here first so the message names the mistake; the API checks again.
 */
export function parseOrigin(typed: string): { origin: string } | { problem: MessageKey } {
  const value = typed.trim();
  if (!value) return { problem: 'settings.origins.required' };
  // "www.example.com" or "localhost:3000" (which URL would read as a scheme) lack the scheme the browser sends.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return { problem: /^[\w.-]+(:\d+)?\/?$/.test(value) ? 'settings.origins.noScheme' : 'settings.origins.invalid' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'settings.origins.invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'settings.origins.invalid' };
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || value.endsWith('?') || value.endsWith('#')) {
    return { problem: 'settings.origins.path' };
  }
  return { origin: url.origin };
}

/**
 * The sites allowed to use the project's publishable key (README, "Allowed origins"): empty means any site.
 * Admins add and remove origins; a member sees the list and the controls disabled, as the API refuses them.
 */
export function AllowedOrigins(props: { disabled: boolean }) {
  const { t } = useI18n();
  const project = useProject();
  const settings = useQuery(() => read(api.v1.project.$get()), [project.id]);
  // The list the last change answered with, until the next load (no second request just to show it).
  const [saved, setSaved] = useState<string[] | null>(null);
  const [typed, setTyped] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { busy, guard } = useBusy();

  const save = guard(async (next: string[], done: string, after?: () => void) => {
    setError(null);
    setStatus(null);
    try {
      const updated = await read(api.v1.project.$patch({ json: { allowedOrigins: next } }));
      setSaved(updated.allowedOrigins);
      setStatus(done);
      after?.();
    } catch (err) {
      // A field the API refused is an origin it does not take: said in the form's words, next to the field.
      if (err instanceof ApiFailure && [...err.fields.keys()].some((path) => path.startsWith('allowedOrigins'))) {
        setFieldError(t('settings.origins.invalid'));
      } else setError((err as Error).message);
    }
  });

  return (
    <Card title={t('settings.origins.title')} class="allowed-origins">
      <p class="muted small">{t('settings.origins.help')}</p>
      <QueryView query={settings}>
        {(loaded) => {
          const origins = saved ?? loaded.allowedOrigins;
          const add = (event: Event) => {
            event.preventDefault();
            setFieldError(null);
            const parsed = parseOrigin(typed);
            if ('problem' in parsed) return setFieldError(t(parsed.problem));
            if (origins.includes(parsed.origin)) return setFieldError(t('settings.origins.duplicate', { origin: parsed.origin }));
            if (origins.length >= MAX_ORIGINS) return setFieldError(t('settings.origins.tooMany', { max: MAX_ORIGINS }));
            void save([...origins, parsed.origin], t('settings.origins.added', { origin: parsed.origin }), () => setTyped(''));
          };
          const remove = (origin: string) =>
            void save(
              origins.filter((o) => o !== origin),
              t('settings.origins.removed', { origin }),
            );
          return (
            <>
              {origins.length === 0 ? (
                <p class="notice small" data-testid="origins-empty">
                  {t('settings.origins.none')}
                </p>
              ) : (
                <ul class="origin-list" aria-label={t('settings.origins.title')}>
                  {origins.map((origin) => (
                    <li key={origin}>
                      <span class="mono">{origin}</span>
                      <button
                        type="button"
                        class="btn btn-danger btn-small"
                        disabled={props.disabled || busy}
                        aria-label={t('settings.origins.removeOne', { origin })}
                        onClick={() => remove(origin)}
                      >
                        {t('settings.remove')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <form onSubmit={add} class="row row-end" noValidate>
                <label>
                  {t('settings.origins.origin')}
                  <input
                    name="origin"
                    type="url"
                    inputMode="url"
                    autoComplete="off"
                    spellcheck={false}
                    placeholder="https://www.example.com"
                    maxLength={500}
                    value={typed}
                    disabled={props.disabled}
                    aria-invalid={fieldError !== null}
                    aria-describedby={fieldError ? 'origin-error' : undefined}
                    onInput={(e) => {
                      setTyped((e.target as HTMLInputElement).value);
                      setFieldError(null);
                    }}
                  />
                </label>
                <button type="submit" class="btn" disabled={props.disabled || busy}>
                  {t('settings.origins.add')}
                </button>
              </form>
              {fieldError && (
                <span class="field-error" id="origin-error" role="alert">
                  {fieldError}
                </span>
              )}
            </>
          );
        }}
      </QueryView>
      {error && <p class="form-error" role="alert">{error}</p>}
      <span role="status" class="small">
        {status}
      </span>
    </Card>
  );
}
