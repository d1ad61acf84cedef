import { useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useBusy } from '../api/use-busy';
import { useI18n } from '../i18n';
import { useProject } from '../session';
import { CopyButton } from '../ui/copy-button';
import { Card } from '../ui/states';

/**
 * The project's identity secret (README, Security: identity verification). Fetched only when an admin asks
 * to see it, so it is not in the page otherwise; rotating makes every signature made with the old one void.
 */
export function IdentitySecret() {
  const { t } = useI18n();
  const project = useProject();
  const [secret, setSecret] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { busy, guard } = useBusy();
  const act = guard(async (change: () => Promise<{ identitySecret: string }>, done: string | null) => {
    setError(null);
    setStatus(null);
    try {
      setSecret((await change()).identitySecret);
      setStatus(done);
    } catch (err) {
      setError((err as Error).message);
    }
  });
  const reveal = () => act(() => read(api.v1.project['identity-secret'].$get()), null);
  const rotate = () => {
    if (!confirm(t('settings.identity.confirmRotate'))) return;
    void act(() => read(api.v1.project['identity-secret'].rotate.$post()), t('settings.identity.rotated'));
  };
  return (
    <Card title={t('settings.identity.title')} class="wide identity-secret">
      <p class="muted small">{t('settings.identity.help')}</p>
      {secret ? (
        <p class="secret mono" data-testid="identity-secret" key={project.id}>
          {secret}
        </p>
      ) : (
        <p class="secret mono muted" aria-hidden="true">
          idn_••••••••••••••••
        </p>
      )}
      <div class="form-actions">
        {secret ? (
          <>
            <CopyButton text={secret} />
            <button type="button" class="btn" onClick={() => setSecret(null)}>
              {t('settings.identity.hide')}
            </button>
          </>
        ) : (
          <button type="button" class="btn" disabled={busy} onClick={() => void reveal()}>
            {t('settings.identity.reveal')}
          </button>
        )}
        <button type="button" class="btn btn-danger" disabled={busy} onClick={rotate}>
          {t('settings.identity.rotate')}
        </button>
        <span role="status">{status}</span>
      </div>
      {error && <p class="form-error" role="alert">{error}</p>}
    </Card>
  );
}
