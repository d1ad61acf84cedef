import { useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useAction } from '../api/use-action';
import { useBusy } from '../api/use-busy';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { useProject, useSession } from '../session';
import { CopyButton } from '../ui/copy-button';
import { PageHeader } from '../ui/layout';
import { Card, QueryView } from '../ui/states';
import { Table } from '../ui/table';
import { FollowUpRules } from './followup-rules';
import { Team } from './team';
import { IdentitySecret } from './identity-secret';
import { AllowedOrigins } from './allowed-origins';

const timeZones = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Asia/Tokyo', 'Europe/London', 'America/New_York'];
  }
})();

export function SettingsPage() {
  const { t } = useI18n();
  const project = useProject();
  const isAdmin = project.role === 'admin';
  return (
    <>
      <PageHeader title={t('settings.title')} />
      {!isAdmin && <p class="notice">{t('settings.adminOnly')}</p>}
      <div class="grid settings-grid">
        <ProjectSettings disabled={!isAdmin} />
        <AllowedOrigins key={project.id} disabled={!isAdmin} />
        <Keys disabled={!isAdmin} />
        {isAdmin && <IdentitySecret />}
        <Team disabled={!isAdmin} />
        <FollowUpRules disabled={!isAdmin} />
        <Account />
      </div>
    </>
  );
}

function ProjectSettings(props: { disabled: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  const project = useProject();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { busy, guard } = useBusy();
  const save = guard(async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    setError(null);
    try {
      await read(api.v1.project.$patch({ json: { name: String(form.get('name')), timeZone: String(form.get('timeZone')) } }));
      setStatus(t('settings.saved'));
      await session.refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  });
  return (
    <Card title={t('settings.project')}>
      <form onSubmit={save} class="stack">
        <label>
          {t('settings.projectName')}
          <input name="name" value={project.name} required maxLength={200} disabled={props.disabled} />
        </label>
        <label>
          {t('settings.timeZone')}
          <select name="timeZone" value={project.timeZone} disabled={props.disabled}>
            {(timeZones.includes(project.timeZone) ? timeZones : [project.timeZone, ...timeZones]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <span class="muted small">{t('settings.timeZoneHelp')}</span>
        </label>
        <p class="muted small mono">{project.id}</p>
        {error && <p class="form-error" role="alert">{error}</p>}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={props.disabled || busy}>
            {t('settings.save')}
          </button>
          <span role="status">{status}</span>
        </div>
      </form>
    </Card>
  );
}

function Keys(props: { disabled: boolean }) {
  const { t, fmt } = useI18n();
  const project = useProject();
  const keys = useQuery(async () => (await read(api.v1.project.keys.$get())).data, [project.id]);
  const [created, setCreated] = useState<string | null>(null);
  const { error, run, pending } = useAction(keys.reload);
  const create = (event: Event) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    const form = new FormData(el);
    void run(async () => {
      const key = await read(
        api.v1.project.keys.$post({
          json: { kind: String(form.get('kind')) as 'secret' | 'publishable', name: String(form.get('name') || '') || undefined },
        }),
      );
      setCreated(key.key);
    }, el);
  };
  const revoke = async (id: string, name: string) => {
    if (!confirm(t('settings.confirmRevoke', { name }))) return;
    await run(() => read(api.v1.project.keys[':id'].$delete({ param: { id } })));
  };
  return (
    <Card title={t('settings.keys')} class="wide">
      <QueryView query={keys}>
        {(list) => (
          <Table headings={[t('common.name'), t('settings.keyKind'), t('common.created'), { hidden: t('settings.revoke') }]}>
            {list.map((k) => (
              <tr key={k.id} class={k.revokedAt ? 'revoked' : undefined}>
                <td>
                  {k.name ?? '—'}
                  <div class="mono small muted">{k.prefix}…</div>
                </td>
                <td>{t(`settings.kind.${k.kind}`)}</td>
                <td>{fmt.date(k.createdAt, project.timeZone)}</td>
                <td>
                  {k.revokedAt ? (
                    <span class="muted">{t('settings.revoked')}</span>
                  ) : (
                    <button type="button" class="btn btn-danger btn-small" disabled={props.disabled} onClick={() => void revoke(k.id, k.name ?? k.prefix)}>
                      {t('settings.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryView>
      {created && (
        <div class="notice" role="status">
          <p>{t('settings.keyShownOnce')}</p>
          <p class="secret mono" data-testid="new-key">
            {created}
          </p>
          <CopyButton text={created} />
        </div>
      )}
      <form onSubmit={create} class="row row-end">
        <label>
          {t('settings.keyName')}
          <input name="name" maxLength={200} disabled={props.disabled} />
        </label>
        <label>
          {t('settings.keyKind')}
          <select name="kind" disabled={props.disabled}>
            <option value="publishable">{t('settings.kind.publishable')}</option>
            <option value="secret">{t('settings.kind.secret')}</option>
          </select>
        </label>
        <button type="submit" class="btn" disabled={props.disabled || pending}>
          {t('settings.createKey')}
        </button>
      </form>
      {error && <p class="form-error" role="alert">{error}</p>}
    </Card>
  );
}

function Account() {
  const { t } = useI18n();
  const session = useSession();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { busy, guard } = useBusy();
  const change = guard(async (event: Event) => {
    event.preventDefault();
    const formEl = event.target as HTMLFormElement;
    const form = new FormData(formEl);
    setError(null);
    setStatus(null);
    try {
      await read(api.v1.auth.password.$post({ json: { currentPassword: String(form.get('current')), newPassword: String(form.get('next')) } }));
      await session.refresh();
      formEl.reset();
      setStatus(t('settings.passwordChanged'));
    } catch (err) {
      setError((err as Error).message);
    }
  });
  return (
    <Card title={t('settings.account')}>
      <p class="muted">{session.user.email}</p>
      <form onSubmit={change} class="stack">
        <input type="email" autoComplete="username" value={session.user.email} hidden readOnly />
        <label>
          {t('settings.currentPassword')}
          <input name="current" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {t('settings.newPassword')}
          <input name="next" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        {error && <p class="form-error" role="alert">{error}</p>}
        <div class="form-actions">
          <button type="submit" class="btn" disabled={busy}>
            {t('settings.changePassword')}
          </button>
          <span role="status">{status}</span>
        </div>
      </form>
    </Card>
  );
}
