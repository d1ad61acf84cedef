import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure, read } from '../api/client';
import { useI18n, type Locale } from '../i18n';
import { PasswordResetForms, resetTokenInAddress } from './password-reset';

/** onResetDone: called when the reset form is left (password saved or not), for a browser that may be signed in. */
export function LoginPage(props: { onSignedIn: () => void; onResetDone?: () => void }) {
  const { t, locale, setLocale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A reset link opens this page with its token in the fragment; "Forgot password?" opens the request form.
  const [mode, setMode] = useState<'signIn' | 'forgot' | 'reset'>(() => (resetTokenInAddress() ? 'reset' : 'signIn'));
  useEffect(() => {
    const follow = () => resetTokenInAddress() && setMode('reset');
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await read(api.v1.auth.login.$post({ json: { email: String(form.get('email')), password: String(form.get('password')) } }));
      props.onSignedIn();
    } catch (err) {
      setError(err instanceof ApiFailure && err.status === 401 ? t('login.failed') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const backToSignIn = (message: string | null) => {
    setNotice(message);
    setError(null);
    setMode('signIn');
    props.onResetDone?.();
  };
  return (
    <main class="login" id="main">
      <div class="login-card">
        <div class="login-brand">
          <span class="brand-mark" aria-hidden="true">絆</span> Kizuna
        </div>
        {mode === 'signIn' ? (
          <>
            <h1>{t('login.title')}</h1>
            {notice && <p role="status">{notice}</p>}
            <form onSubmit={submit} noValidate={false}>
              <label>
                {t('login.email')}
                <input name="email" type="email" autoComplete="username" required autoFocus />
              </label>
              <label>
                {t('login.password')}
                <input name="password" type="password" autoComplete="current-password" required />
              </label>
              {error && (
                <p class="form-error" role="alert">
                  {error}
                </p>
              )}
              <button type="submit" class="btn btn-primary" disabled={busy}>
                {t('login.submit')}
              </button>
            </form>
            <button type="button" class="link-button" onClick={() => setMode('forgot')}>
              {t('reset.forgot')}
            </button>
            <p class="muted small">{t('login.hint')}</p>
          </>
        ) : (
          <PasswordResetForms mode={mode} onDone={backToSignIn} />
        )}
        <div class="lang-switch" role="group" aria-label={t('nav.language')}>
          {(['en', 'ja'] as Locale[]).map((l) => (
            <button type="button" key={l} aria-pressed={locale === l} onClick={() => setLocale(l)} lang={l}>
              {l === 'en' ? 'English' : '日本語'}
            </button>
          ))}
        </div>
      </div>
    </main>
  );
}
