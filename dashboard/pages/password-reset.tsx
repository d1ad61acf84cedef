// The two small forms behind "Forgot password?" on the sign-in page: ask for a link by email, and choose a new
// password from a link. Without email on the instance, the first says so and names the owner's command instead.
import { useEffect, useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useI18n } from '../i18n';

/** The token of a reset link (`/login#reset=<token>`): in the fragment, so it never reaches a server log. */
export const resetTokenInAddress = () => /^#reset=(\w+)$/.exec(location.hash)?.[1] ?? null;

export function PasswordResetForms(props: { mode: 'forgot' | 'reset'; onDone: (message: string | null) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [canEmail, setCanEmail] = useState<boolean | null>(null);
  useEffect(() => {
    if (props.mode !== 'forgot') return;
    read(api.v1.auth['password-reset'].$get())
      .then((r) => setCanEmail(r.email))
      .catch(() => setCanEmail(true));
  }, [props.mode]);

  const run = async (event: Event, work: (form: FormData) => Promise<void>) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await work(form);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const request = (event: Event) =>
    run(event, async (form) => {
      const reply = await read(api.v1.auth['password-reset'].$post({ json: { email: String(form.get('email')) } }));
      setCanEmail(reply.email);
      setSent(reply.email);
    });
  const confirm = (event: Event) =>
    run(event, async (form) => {
      const token = resetTokenInAddress() ?? '';
      await read(api.v1.auth['password-reset'].confirm.$post({ json: { token, password: String(form.get('password')) } }));
      history.replaceState(null, '', location.pathname + location.search);
      props.onDone(t('reset.changed'));
    });
  const back = () => {
    if (props.mode === 'reset') history.replaceState(null, '', location.pathname + location.search);
    props.onDone(null);
  };
  const errorLine = error && (
    <p class="form-error" role="alert">
      {error}
    </p>
  );

  if (props.mode === 'reset') {
    return (
      <>
        <h1>{t('reset.newTitle')}</h1>
        <form onSubmit={confirm}>
          <label>
            {t('reset.newPassword')}
            <input name="password" type="password" autoComplete="new-password" minLength={10} maxLength={1000} required autoFocus />
          </label>
          {errorLine}
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {t('reset.save')}
          </button>
        </form>
        <button type="button" class="link-button" onClick={back}>
          {t('reset.back')}
        </button>
      </>
    );
  }
  return (
    <>
      <h1>{t('reset.title')}</h1>
      {canEmail === false ? (
        <p role="status">
          {t('reset.noEmail')} <code>npm run reset-password -- {t('reset.commandArgument')}</code>
        </p>
      ) : sent ? (
        <p role="status">{t('reset.sent')}</p>
      ) : (
        <form onSubmit={request}>
          <p class="muted small">{t('reset.explain')}</p>
          <label>
            {t('login.email')}
            <input name="email" type="email" autoComplete="username" required autoFocus />
          </label>
          {errorLine}
          <button type="submit" class="btn btn-primary" disabled={busy || canEmail === null}>
            {t('reset.send')}
          </button>
        </form>
      )}
      <button type="button" class="link-button" onClick={back}>
        {t('reset.back')}
      </button>
    </>
  );
}
