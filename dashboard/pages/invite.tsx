import { useState } from 'preact/hooks';
import { api, ApiFailure, read } from '../api/client';
import { useQuery } from '../api/use-query';
import { useI18n, type Locale } from '../i18n';
import { localTimeZone } from '../i18n/format';
import { rememberProject } from '../session';
import { Loading } from '../ui/states';

// /invite/<token>: the page an invite link opens, signed in or not. The server does not say whether the
// invited email already has an account (the inviter holds the same link), so a stranger sees the "set your
// password" form with a way to sign in instead; a 409 from accepting means the account exists: sign in.

type Mode = 'new' | 'signIn';

export function InvitePage(props: { token: string; signedInAs: string | null; onSignOut: () => Promise<void> }) {
  const { t, fmt, locale, setLocale } = useI18n();
  const invite = useQuery(async () => read(api.v1.auth.invites[':token'].$get({ param: { token: props.token } })), [props.token]);
  const [mode, setMode] = useState<Mode>('new');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const accept = async (json: { token: string; password?: string; name?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const accepted = await read(api.v1.auth.invites.accept.$post({ json }));
      rememberProject(accepted.project.id);
      // A full load: a new account's session cookie was just set, and the app starts over with it.
      location.assign(`/overview?project=${encodeURIComponent(accepted.project.id)}`);
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'sign_in_to_accept') setMode('signIn');
      else setError(err instanceof ApiFailure && err.status === 404 ? t('invite.invalid') : (err as Error).message);
      setBusy(false);
    }
  };
  const createAccount = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    void accept({ token: props.token, password: String(form.get('password')), name: String(form.get('name') || '') || undefined });
  };
  const signInHref = `/login?next=${encodeURIComponent(`/invite/${props.token}`)}`;

  let body;
  if (invite.data === undefined && !invite.error) body = <Loading />;
  else if (!invite.data) {
    body = (
      <>
        <h1>{t('invite.title')}</h1>
        <p class="form-error" role="alert">
          {invite.error instanceof ApiFailure && invite.error.status === 404 ? t('invite.invalid') : invite.error?.message}
        </p>
        <a class="btn" href="/login">
          {t('login.submit')}
        </a>
      </>
    );
  } else {
    const details = invite.data;
    body = (
      <>
        <h1>{t('invite.title')}</h1>
        <p>{t('invite.summary', { project: details.projectName, role: t(`settings.role.${details.role}`) })}</p>
        <p class="secret" data-testid="invite-email">
          {details.email}
        </p>
        {details.signedInAsInvitee ? (
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void accept({ token: props.token })}>
            {t('invite.accept')}
          </button>
        ) : mode === 'signIn' || props.signedInAs ? (
          <>
            <p role="status">{t('invite.signInToAccept', { email: details.email })}</p>
            {props.signedInAs && <p class="muted small">{t('invite.signedInAs', { email: props.signedInAs })}</p>}
            {props.signedInAs ? (
              <button type="button" class="btn btn-primary" onClick={() => void props.onSignOut().then(() => location.assign(signInHref))}>
                {t('invite.switchAccount')}
              </button>
            ) : (
              <a class="btn btn-primary" href={signInHref}>
                {t('invite.signIn')}
              </a>
            )}
            {!props.signedInAs && (
              <button type="button" class="link-button" onClick={() => setMode('new')}>
                {t('invite.newAccountInstead')}
              </button>
            )}
          </>
        ) : (
          <>
            <form onSubmit={createAccount}>
              <input type="email" autoComplete="username" value={details.email} hidden readOnly />
              <label>
                {t('invite.name')}
                <input name="name" autoComplete="name" maxLength={200} />
              </label>
              <label>
                {t('invite.password')}
                <input name="password" type="password" autoComplete="new-password" minLength={10} required />
              </label>
              <button type="submit" class="btn btn-primary" disabled={busy}>
                {t('invite.createAndAccept')}
              </button>
            </form>
            <p class="muted small">
              {t('invite.haveAccount')}{' '}
              <a href={signInHref}>
                {t('invite.signIn')}
              </a>
            </p>
          </>
        )}
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <p class="muted small">{t('invite.expires', { date: fmt.dateTime(details.expiresAt, localTimeZone()) })}</p>
      </>
    );
  }

  return (
    <main class="login invite" id="main">
      <div class="login-card">
        <div class="login-brand">
          <span class="brand-mark" aria-hidden="true">絆</span> Kizuna
        </div>
        {body}
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
