import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
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
    void run(async () => {
      const endpoint = await read(api.v1.webhooks.$post({ json: endpointJson(new FormData(el)) }));
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
            <EndpointFields />
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

const FORMATS = ['json', 'slack', 'delighted'] as const;
type Format = (typeof FORMATS)[number];
const formatLabel: Record<Format, string> = { json: 'JSON (Standard Webhooks)', slack: 'Slack', delighted: 'Delighted' };

/**
 * What the endpoint form says, as the API takes it. Only the category and language filters are on the form: the
 * endpoint's other filters (surveys, scores, sentiment, set through the API) are kept as they were.
 */
function endpointJson(form: FormData, filters: Record<string, unknown> = {}) {
  const categories = form.getAll('category').map(String) as (typeof CATEGORIES)[number][];
  const languages = form.getAll('language').map(String);
  const kept = Object.fromEntries(Object.entries(filters).filter(([name]) => name !== 'categories' && name !== 'languages'));
  return {
    url: String(form.get('url')),
    events: form.getAll('events').map(String) as EventType[],
    format: String(form.get('format')) as Format,
    filters: { ...kept, ...(categories.length ? { categories } : {}), ...(languages.length ? { languages } : {}) },
  };
}

/** The fields of a new endpoint, or of one being edited (filled in from it). */
function EndpointFields(props: { endpoint?: EndpointView }) {
  const { t } = useI18n();
  const e = props.endpoint;
  const listed = (name: string, value: string) => Array.isArray(e?.filters[name]) && (e.filters[name] as unknown[]).includes(value);
  // The Delighted format is for endpoints made to stand in for Delighted's: offered only to one that has it.
  const formats = FORMATS.filter((f) => f !== 'delighted' || e?.format === 'delighted');
  return (
    <>
      <label>
        {t('webhooks.url')}
        <input name="url" type="url" required placeholder="https://example.com/kizuna" defaultValue={e?.url ?? ''} />
      </label>
      <fieldset class="checks">
        <legend>{t('webhooks.events')}</legend>
        {EVENTS.map((name) => (
          <label key={name} class="check">
            <input type="checkbox" name="events" value={name} defaultChecked={e ? e.events.includes(name) : name === 'response.created'} />
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
            <input type="checkbox" name="category" value={c} defaultChecked={listed('categories', c)} />
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
            <input type="checkbox" name="language" value={l} defaultChecked={listed('languages', l)} />
            {t(`lang.${l}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('webhooks.format')}
        <select name="format">
          {formats.map((f) => (
            <option key={f} value={f} selected={f === (e?.format ?? 'json')}>
              {formatLabel[f]}
            </option>
          ))}
        </select>
      </label>
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
  const [editing, setEditing] = useState(false);
  const [enabled, setEnabled] = useState(e.enabled);
  useEffect(() => setEnabled(e.enabled), [e.enabled]);
  const { error, run: act, pending } = useAction(deliveries.reload);
  const save = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    void act(async () => {
      await read(api.v1.webhooks[':id'].$patch({ param: { id: e.id }, json: endpointJson(form, e.filters) }));
      setEditing(false);
      props.onChanged();
    });
  };
  return (
    <Card class="endpoint">
      <div class="endpoint-head">
        {props.summary}
        <label class="check">
          <input
            type="checkbox"
            checked={enabled}
            disabled={pending}
            onChange={(ev) => {
              // The box moves at once; a refused change puts it back.
              const next = (ev.target as HTMLInputElement).checked;
              setEnabled(next);
              void act(async () => {
                try {
                  await read(api.v1.webhooks[':id'].$patch({ param: { id: e.id }, json: { enabled: next } }));
                } catch (err) {
                  setEnabled(e.enabled);
                  throw err;
                }
                props.onChanged();
              });
            }}
          />
          {enabled ? t('webhooks.enabled') : t('webhooks.disabled')}
        </label>
      </div>
      <div class="form-actions wrap">
        <button type="button" class="btn btn-small" aria-expanded={editing} disabled={pending} onClick={() => setEditing(!editing)}>
          {t('webhooks.edit')}
        </button>
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
      {editing && (
        <form class="stack endpoint-edit" onSubmit={save} aria-label={t('webhooks.editTitle')}>
          <h3>{t('webhooks.editTitle')}</h3>
          <EndpointFields endpoint={e} />
          {error && <p class="form-error" role="alert">{error}</p>}
          <div class="form-actions">
            <button type="button" class="btn" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" class="btn btn-primary" disabled={pending}>
              {t('webhooks.save')}
            </button>
          </div>
        </form>
      )}
      {secret && (
        <p class="secret mono">
          {secret} <CopyButton text={secret} />
        </p>
      )}
      {error && !editing && <p class="form-error" role="alert">{error}</p>}
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
