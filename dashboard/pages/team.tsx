import { useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useAction } from '../api/use-action';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { useProject, useSession } from '../session';
import { CopyButton } from '../ui/copy-button';
import { Card, QueryView } from '../ui/states';
import { Table } from '../ui/table';

type Invite = { id: string; email: string; inviteUrl: string; emailed: boolean };

// The team card of Settings: members, and for admins the invitations (a link shown once, pending ones revocable).
// People join only by accepting an invite, so nobody here ever sees or sets someone else's password.
export function Team(props: { disabled: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  const project = useProject();
  const members = useQuery(async () => (await read(api.v1.members.$get())).data, [project.id]);
  const { error, run: act } = useAction(members.reload);
  return (
    <Card title={t('settings.members')} class="wide">
      <QueryView query={members}>
        {(list) => (
          <Table headings={[t('settings.memberEmail'), t('settings.role'), { hidden: t('settings.remove') }]}>
            {list.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name && <div>{m.name}</div>}
                  <div class={m.name ? 'muted small' : undefined}>
                    {m.email} {m.userId === session.user.id && <span class="chip">{t('settings.you')}</span>}
                  </div>
                </td>
                <td>
                  <select
                    aria-label={`${t('settings.role')}: ${m.email}`}
                    value={m.role}
                    disabled={props.disabled}
                    onChange={(e) =>
                      void act(() =>
                        read(
                          api.v1.members[':userId'].$patch({
                            param: { userId: m.userId },
                            json: { role: (e.target as HTMLSelectElement).value as 'admin' | 'member' },
                          }),
                        ),
                      )
                    }
                  >
                    <option value="admin">{t('settings.role.admin')}</option>
                    <option value="member">{t('settings.role.member')}</option>
                  </select>
                </td>
                <td>
                  {m.userId !== session.user.id && (
                    <button
                      type="button"
                      class="btn btn-danger btn-small"
                      disabled={props.disabled}
                      onClick={() => void act(() => read(api.v1.members[':userId'].$delete({ param: { userId: m.userId } })))}
                    >
                      {t('settings.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryView>
      {error && <p class="form-error" role="alert">{error}</p>}
      {!props.disabled && <Invitations />}
    </Card>
  );
}

function Invitations() {
  const { t, fmt } = useI18n();
  const project = useProject();
  const pending = useQuery(async () => (await read(api.v1.members.invites.$get())).data, [project.id]);
  const [made, setMade] = useState<Invite | null>(null);
  const { error, run: act, pending: sending } = useAction(pending.reload);
  const invite = (event: Event) => {
    event.preventDefault();
    const formEl = event.target as HTMLFormElement;
    const form = new FormData(formEl);
    void act(async () => {
      const created = await read(
        api.v1.members.$post({
          json: { email: String(form.get('email')), role: String(form.get('role')) as 'admin' | 'member' },
        }),
      );
      // Without KIZUNA_PUBLIC_URL the server answers the path alone; this page knows its own origin.
      const url = created.inviteUrl.startsWith('/') ? location.origin + created.inviteUrl : created.inviteUrl;
      setMade({ id: created.id, email: created.email, inviteUrl: url, emailed: created.emailed });
      formEl.reset();
    });
  };
  return (
    <div class="invitations">
      <h3>{t('team.invite')}</h3>
      <form onSubmit={invite} class="row row-end">
        <label>
          {t('settings.memberEmail')}
          <input name="email" type="email" required />
        </label>
        <label>
          {t('settings.role')}
          <select name="role">
            <option value="member">{t('settings.role.member')}</option>
            <option value="admin">{t('settings.role.admin')}</option>
          </select>
        </label>
        <button type="submit" class="btn" disabled={sending}>
          {t('team.sendInvite')}
        </button>
      </form>
      {error && <p class="form-error" role="alert">{error}</p>}
      {made && (
        <div class="notice invite-made" role="status">
          <p>{t(made.emailed ? 'team.linkEmailed' : 'team.linkShownOnce', { email: made.email })}</p>
          <p class="secret mono">{made.inviteUrl}</p>
          <CopyButton text={made.inviteUrl} />
        </div>
      )}
      <h3>{t('team.pending')}</h3>
      <QueryView query={pending}>
        {(list) =>
          list.length === 0 ? (
            <p class="muted">{t('team.noPending')}</p>
          ) : (
            <Table headings={[t('settings.memberEmail'), t('settings.role'), t('team.expires'), { hidden: t('settings.revoke') }]}>
              {list.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>{t(`settings.role.${invitation.role}`)}</td>
                  <td class="muted small">{fmt.date(invitation.expiresAt, project.timeZone)}</td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-danger btn-small"
                      aria-label={`${t('settings.revoke')}: ${invitation.email}`}
                      onClick={() => {
                        if (made?.id === invitation.id) setMade(null);
                        void act(() => read(api.v1.members.invites[':id'].$delete({ param: { id: invitation.id } })));
                      }}
                    >
                      {t('settings.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </Table>
          )
        }
      </QueryView>
    </div>
  );
}
