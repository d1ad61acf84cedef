import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useAction } from '../api/use-action';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { useProject } from '../session';
import { CopyButton } from '../ui/copy-button';
import { PageHeader } from '../ui/layout';
import { Card, Empty, QueryView } from '../ui/states';
import { Table } from '../ui/table';

const EVENTS = ['response.created', 'response.updated', 'followup.opened', 'followup.updated', 'followup.resolved'] as const;
type EventType = (typeof EVENTS)[number];
const CATEGORIES = ['detractor', 'passive', 'promoter'] as const;

export function WebhooksPage() {
  const { t } = useI18n();
  const project = useProject();
  // Members get a redacted list (no secret, URL cut to its host) and nothing else: endpoints are admin business.
  const isAdmin = project.role === 'admin';
  const endpoints = useQuery(async () => (await read(api.v1.webhooks.$get({ query: {} }))).data, [project.id]);
  const [created, setCreated] = useState<string | null>(null);
  const { error, run, pending } = useAction(endpoints.reload);
  const create = (event: Event) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    const form = new FormData(el);
    const categories = form.getAll('category').map(String) as (typeof CATEGORIES)[number][];
    const languages = form.getAll('language').map(String);
    void run(async () => {
      const endpoint = await read(
        api.v1.webhooks.$post({
          json: {
            url: String(form.get('url')),
            events: form.getAll('events').map(String) as EventType[],
            format: String(form.get('format')) as 'json' | 'slack',
            filters: {
              ...(categories.length ? { categories } : {}),
              ...(languages.length ? { languages } : {}),
            },
          },
        }),
      );
      setCreated(endpoint.secret ?? null);
    }, el);
  };
  return (
    <>
      <PageHeader title={t('webhooks.title')} />
      {!isAdmin && (
        <p class="notice" role="note">
          {t('webhooks.adminOnly')}
        </p>
      )}
      <QueryView query={endpoints}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('webhooks.none')}</Empty>
          ) : (
            <div class="stack">
              {list.map((e) => (
                <Endpoint key={e.id} endpoint={e} isAdmin={isAdmin} onChanged={endpoints.reload} />
              ))}
            </div>
          )
        }
      </QueryView>
      {isAdmin && (
        <Card title={t('webhooks.new')} class="section-gap">
          <form onSubmit={create} class="stack">
            <label>
              {t('webhooks.url')}
              <input name="url" type="url" required placeholder="https://example.com/kizuna" />
            </label>
            <fieldset class="checks">
              <legend>{t('webhooks.events')}</legend>
              {EVENTS.map((name) => (
                <label key={name} class="check">
                  <input type="checkbox" name="events" value={name} defaultChecked={name === 'response.created'} />
                  <span class="mono">{name}</span>
                </label>
              ))}
            </fieldset>
            <fieldset class="checks">
              <legend>
                {t('webhooks.filters')}: {t('webhooks.filterCategory')}
              </legend>
              {CATEGORIES.map((c) => (
                <label key={c} class="check">
                  <input type="checkbox" name="category" value={c} />
                  {t(`category.${c}`)}
                </label>
              ))}
            </fieldset>
            <fieldset class="checks">
              <legend>
                {t('webhooks.filters')}: {t('webhooks.filterLanguage')}
              </legend>
              {(['en', 'ja'] as const).map((l) => (
                <label key={l} class="check">
                  <input type="checkbox" name="language" value={l} />
                  {t(`lang.${l}`)}
                </label>
              ))}
            </fieldset>
            <label>
              {t('webhooks.format')}
              <select name="format">
                <option value="json">JSON (Standard Webhooks)</option>
                <option value="slack">Slack</option>
              </select>
            </label>
            {error && <p class="form-error" role="alert">{error}</p>}
            <div class="form-actions">
              <button type="submit" class="btn btn-primary" disabled={pending}>
                {t('webhooks.create')}
              </button>
            </div>
          </form>
          {created && (
            <div class="notice" role="status">
              <p>{t('webhooks.secret')}</p>
              <p class="secret mono">{created}</p>
              <CopyButton text={created} />
            </div>
          )}
        </Card>
      )}
    </>
  );
}

type EndpointView = {
  id: string;
  url: string;
  events: string[];
  format: string;
  enabled: boolean;
  disabledReason: string | null;
  filters: Record<string, unknown>;
};

function Endpoint(props: { endpoint: EndpointView; isAdmin: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const e = props.endpoint;
  const filterText = Object.entries(e.filters)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
  const summary = (
    <div>
      <p class="mono endpoint-url">{e.url}</p>
      <p class="muted small">
        {e.events.join(', ')} · {e.format}
        {filterText && ` · ${filterText}`}
      </p>
      {!e.enabled && e.disabledReason && <p class="form-error small">{e.disabledReason}</p>}
    </div>
  );
  if (!props.isAdmin) {
    return (
      <Card class="endpoint">
        <div class="endpoint-head">
          {summary}
          <span class="muted">{e.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}</span>
        </div>
      </Card>
    );
  }
  return <EndpointAdmin endpoint={e} summary={summary} onChanged={props.onChanged} />;
}

function EndpointAdmin(props: { endpoint: EndpointView; summary: ComponentChildren; onChanged: () => void }) {
  const { t, fmt } = useI18n();
  const project = useProject();
  const e = props.endpoint;
  const deliveries = useQuery(async () => (await read(api.v1.webhooks[':id'].deliveries.$get({ param: { id: e.id }, query: { limit: '20' } }))).data, [e.id]);
  const [secret, setSecret] = useState<string | null>(null);
  const { error, run: act, pending } = useAction(deliveries.reload);
  return (
    <Card class="endpoint">
      <div class="endpoint-head">
        {props.summary}
        <label class="check">
          <input
            type="checkbox"
            checked={e.enabled}
            disabled={pending}
            onChange={(ev) =>
              void act(async () => {
                await read(api.v1.webhooks[':id'].$patch({ param: { id: e.id }, json: { enabled: (ev.target as HTMLInputElement).checked } }));
                props.onChanged();
              })
            }
          />
          {e.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}
        </label>
      </div>
      <div class="form-actions wrap">
        <button
          type="button"
          class="btn btn-small"
          disabled={pending}
          onClick={() =>
            secret ? setSecret(null) : void act(async () => setSecret((await read(api.v1.webhooks[':id'].secret.$get({ param: { id: e.id } }))).secret))
          }
        >
          {secret ? t('webhooks.hide') : `${t('webhooks.reveal')}: ${t('webhooks.secret')}`}
        </button>
        <button type="button" class="btn btn-small" disabled={pending} onClick={() => void act(() => read(api.v1.webhooks[':id'].test.$post({ param: { id: e.id } })))}>
          {t('webhooks.ping')}
        </button>
        <button
          type="button"
          class="btn btn-small btn-danger"
          disabled={pending}
          onClick={() =>
            void act(async () => {
              await read(api.v1.webhooks[':id'].$delete({ param: { id: e.id } }));
              props.onChanged();
            })
          }
        >
          {t('webhooks.delete')}
        </button>
      </div>
      {secret && (
        <p class="secret mono">
          {secret} <CopyButton text={secret} />
        </p>
      )}
      {error && <p class="form-error" role="alert">{error}</p>}
      <h3>{t('webhooks.deliveries')}</h3>
      <QueryView query={deliveries}>
        {(list) =>
          list.length === 0 ? (
            <p class="muted">{t('webhooks.noDeliveries')}</p>
          ) : (
            <Table class="compact deliveries" headings={[t('common.date'), t('webhooks.events'), t('followups.status'), 'HTTP', { hidden: t('webhooks.retry') }]}>
              {list.map((d) => (
                <tr key={d.id} data-delivery-status={d.status}>
                  <td>{fmt.dateTime(d.createdAt, project.timeZone)}</td>
                  <td class="mono">{d.eventType}</td>
                  <td>
                    <span class={`chip delivery-${d.status}`}>{d.status}</span>
                    <span class="muted small"> {t('webhooks.attempts', { n: d.attempts })}</span>
                  </td>
                  <td>{d.lastStatusCode ?? d.lastError ?? '–'}</td>
                  <td>
                    <button type="button" class="btn btn-small" disabled={pending} onClick={() => void act(() => read(api.v1.webhooks.deliveries[':id'].retry.$post({ param: { id: d.id } })))}>
                      {t('webhooks.retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </Table>
          )
        }
      </QueryView>
    </Card>
  );
}
