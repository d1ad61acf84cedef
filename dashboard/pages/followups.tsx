import { useEffect, useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useAction } from '../api/use-action';
import { useLoadMore } from '../api/use-load-more';
import { useQuery, type Query } from '../api/use-query';
import { useI18n } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import { useProject, useSession } from '../session';
import { PageHeader } from '../ui/layout';
import { ResponseItem, ScoreBadge } from '../ui/response-item';
import { Card, Empty, Loading, QueryView } from '../ui/states';
import { Table } from '../ui/table';
import { EventLine } from './person';

const TABS = ['mine', 'open', 'overdue', 'closed'] as const;
type Tab = (typeof TABS)[number];
type Status = 'open' | 'in_progress' | 'resolved' | 'dismissed';

function useMembers() {
  const project = useProject();
  return useQuery(async () => (await read(api.v1.members.$get())).data, [project.id]);
}

type Metrics = Awaited<ReturnType<typeof readMetrics>>;
const readMetrics = (timeZone: string) => read(api.v1.metrics.followups.$get({ query: { tz: timeZone } }));

/** How many cases each tab lists, from the loop's figures (all time, as the tabs list them). */
function tabCounts(m: Metrics, userId: string): Record<Tab, number> {
  return {
    mine: m.byAssignee.find((row) => row.assigneeId === userId)?.open ?? 0,
    open: m.open,
    overdue: m.overdue,
    closed: m.total - m.open,
  };
}

/** The tab to open on when the address names none: the first that has cases (mine, then all open, then closed). */
export function firstTabWithCases(counts: Record<Tab, number>): Tab {
  return counts.mine > 0 ? 'mine' : counts.open > 0 ? 'open' : counts.closed > 0 ? 'closed' : 'mine';
}

export function FollowUpsPage() {
  const { t, fmt } = useI18n();
  const project = useProject();
  const session = useSession();
  const { query } = useLocation();
  const asked = query.get('tab');
  const tab: Tab | null = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : null;
  const members = useMembers();
  // Bumped on every change to a case, so the tiles recount with the list instead of waiting for a reload.
  const [changes, setChanges] = useState(0);
  const metrics = useQuery(() => readMetrics(project.timeZone), [project.id, changes]);
  const counts = metrics.data ? tabCounts(metrics.data, session.user.id) : null;
  // No tab in the address: open on one that has cases, and write it there so a later count does not switch it.
  useEffect(() => {
    if (tab) return;
    if (counts) setQuery({ tab: firstTabWithCases(counts) });
    else if (metrics.error) setQuery({ tab: 'mine' });
  }, [tab, counts === null, metrics.error]);
  const memberName = (id: string | null) => {
    const m = (members.data ?? []).find((x) => x.userId === id);
    return m ? m.name || m.email : t('followups.unassigned');
  };

  return (
    <>
      <PageHeader title={t('followups.title')} />
      <LoopMetrics metrics={metrics} memberName={memberName} />
      <div
        class="tabs"
        role="tablist"
        aria-label={t('followups.title')}
        onKeyDown={(e) => {
          // The ARIA tabs pattern: arrow keys move between tabs, Tab moves into the panel.
          if (!tab || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
          const next = TABS[(TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
          setQuery({ tab: next, case: null });
          requestAnimationFrame(() => (document.querySelector(`[data-tab="${next}"]`) as HTMLElement | null)?.focus());
        }}
      >
        {TABS.map((name) => (
          <button
            type="button"
            role="tab"
            key={name}
            data-tab={name}
            tabIndex={tab === name ? 0 : -1}
            aria-selected={tab === name}
            onClick={() => setQuery({ tab: name, case: null })}
          >
            {t(name === 'mine' ? 'followups.mine' : name === 'open' ? 'followups.all' : name === 'overdue' ? 'followups.overdue' : 'followups.closed')}
            {counts && (
              <>
                {' '}
                <span class="tab-count">{fmt.integer(counts[name])}</span>
              </>
            )}
          </button>
        ))}
      </div>
      {tab ? (
        <Inbox
          tab={tab}
          selected={query.get('case')}
          members={members.data ?? []}
          memberName={memberName}
          onChanged={() => setChanges((n) => n + 1)}
        />
      ) : (
        <Loading />
      )}
    </>
  );
}

function Inbox(props: {
  tab: Tab;
  selected: string | null;
  members: { userId: string; email: string; name: string | null }[];
  memberName: (id: string | null) => string;
  onChanged: () => void;
}) {
  const { t, fmt } = useI18n();
  const project = useProject();
  const session = useSession();
  const { tab, selected, memberName } = props;
  // Open work comes soonest due first, so what needs a human now is at the top (the API orders it, across all
  // cases, not just the first hundred); closed cases newest first.
  const filters =
    tab === 'mine'
      ? { status: 'open,in_progress', assigneeId: session.user.id, sort: 'due' as const }
      : tab === 'open'
        ? { status: 'open,in_progress', sort: 'due' as const }
        : tab === 'overdue'
          ? { overdue: 'true' as const, sort: 'due' as const }
          : { status: 'resolved,dismissed' };
  const list = useQuery(() => read(api.v1.followups.$get({ query: { ...filters, limit: '100' } })), [project.id, tab]);
  const more = useLoadMore(list.data, (cursor) => read(api.v1.followups.$get({ query: { ...filters, limit: '100', cursor } })));
  return (
    <div class="inbox">
      <div class="inbox-list" role="tabpanel">
        <QueryView query={list}>
          {(first) =>
            first.data.length === 0 ? (
              <Empty>{t('followups.none')}</Empty>
            ) : (
              <ul class="case-list">
                {[...first.data, ...more.rows].map((f) => (
                  <li key={f.id}>
                    <button
                      type="button"
                      class={`case ${f.overdue ? 'overdue' : ''} ${selected === f.id ? 'selected' : ''}`}
                      aria-current={selected === f.id ? 'true' : undefined}
                      onClick={() => setQuery({ case: f.id })}
                    >
                      <span class="case-top">
                        {f.response && <ScoreBadge score={f.response.score} />}
                        <span class={`chip status-${f.status}`}>{t(`followups.status.${f.status}`)}</span>
                        {f.overdue && <span class="chip chip-danger">{t('followups.overdue')}</span>}
                      </span>
                      {f.response?.comment && <span class="case-comment">{f.response.comment}</span>}
                      <span class="case-who">
                        {t('followups.assignee')}: {memberName(f.assigneeId)}
                      </span>
                      {f.dueAt && <span class="muted small">{t('followups.due', { when: fmt.dateTime(f.dueAt, project.timeZone) })}</span>}
                    </button>
                  </li>
                ))}
                {more.nextCursor && (
                  <li>
                    <button type="button" class="btn load-more" onClick={() => void more.loadMore()}>
                      {t('common.more')}
                    </button>
                  </li>
                )}
              </ul>
            )
          }
        </QueryView>
      </div>
      <div class="inbox-detail">
        {selected ? (
          <CaseDetail
            key={selected}
            id={selected}
            members={props.members}
            onChanged={() => {
              list.reload();
              props.onChanged();
            }}
          />
        ) : (
          <Empty>{t('followups.select')}</Empty>
        )}
      </div>
    </div>
  );
}

function CaseDetail(props: { id: string; members: { userId: string; email: string; name: string | null }[]; onChanged: () => void }) {
  const { t, fmt } = useI18n();
  const project = useProject();
  const session = useSession();
  const item = useQuery(() => read(api.v1.followups[':id'].$get({ param: { id: props.id } })), [props.id]);
  const { error, run: act, pending } = useAction(() => {
    item.reload();
    props.onChanged();
  });
  type Patch = { status?: Status; assigneeId?: string | null; resolution?: string | null };
  const patchCase = (json: Patch) => read(api.v1.followups[':id'].$patch({ param: { id: props.id }, json }));
  const patch = (json: Patch) => act(() => patchCase(json));
  const submit = (fn: (form: FormData) => Promise<unknown>) => (event: Event) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    void act(() => fn(new FormData(el)), el);
  };
  return (
    <QueryView query={item}>
      {(loaded) => {
        // The case's person comes back as a spread row the client types loosely; these are its columns.
        const f = loaded as typeof loaded & { person: { id: string; name: string | null; email: string | null; externalId: string | null } | null };
        return (
        <Card class="case-detail">
          {f.response && <ResponseItem response={f.response} />}
          {f.person && (
            <p>
              <Link href={`/people/${f.person.id}`}>{f.person.name || f.person.email || f.person.externalId}</Link>
              {f.person.email && <span class="muted small"> · {f.person.email}</span>}
            </p>
          )}
          <div class="row">
            <label>
              {t('followups.status')}
              <select value={f.status} onChange={(e) => void patch({ status: (e.target as HTMLSelectElement).value as Status })}>
                {(['open', 'in_progress', 'resolved', 'dismissed'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`followups.status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('followups.assignee')}
              <select value={f.assigneeId ?? ''} onChange={(e) => void patch({ assigneeId: (e.target as HTMLSelectElement).value || null })}>
                <option value="">{t('followups.unassigned')}</option>
                {props.members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name || m.email}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {f.dueAt && (
            <p class={f.overdue ? 'overdue-text' : 'muted small'}>{t('followups.due', { when: fmt.dateTime(f.dueAt, project.timeZone) })}</p>
          )}
          {error && <p class="form-error" role="alert">{error}</p>}
          <form class="stack" onSubmit={submit((form) => read(api.v1.followups[':id'].notes.$post({ param: { id: props.id }, json: { text: String(form.get('text')) } })))}>
            <label>
              {t('followups.note')}
              <textarea name="text" rows={2} required />
            </label>
            <div class="form-actions">
              <button type="submit" class="btn" disabled={pending}>
                {t('followups.addNote')}
              </button>
            </div>
          </form>
          {f.person?.email && !session.instance.email ? (
            <p class="notice" role="note" data-testid="reply-unavailable">
              {t('followups.emailOff', { email: f.person.email })}
            </p>
          ) : f.person?.email ? (
            <form
              class="stack"
              onSubmit={submit((form) =>
                read(
                  api.v1.followups[':id'].reply.$post({
                    param: { id: props.id },
                    json: { subject: String(form.get('subject') || '') || undefined, text: String(form.get('text')) },
                  }),
                ),
              )}
            >
              <label>
                {t('followups.replySubject')}
                <input name="subject" />
              </label>
              <label>
                {t('followups.replyText')}
                <textarea name="text" rows={3} required />
              </label>
              <div class="form-actions">
                <button type="submit" class="btn" disabled={pending}>
                  {t('followups.reply')}
                </button>
              </div>
            </form>
          ) : (
            <p class="muted small">{t('followups.noEmail')}</p>
          )}
          {(f.status === 'open' || f.status === 'in_progress') && (
            <form class="stack" onSubmit={submit((form) => patchCase({ status: 'resolved', resolution: String(form.get('resolution')) }))}>
              <label>
                {t('followups.resolution')}
                <textarea name="resolution" rows={2} required />
              </label>
              <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled={pending}>
                  {t('followups.resolve')}
                </button>
              </div>
            </form>
          )}
          <h3>{t('followups.history')}</h3>
          <ol class="timeline">
            {[...f.events].reverse().map((e) => (
              <li key={e.id} class={`tl-event tl-${e.kind}`}>
                <EventLine
                  event={e as never}
                  timeZone={project.timeZone}
                  fmtDate={fmt.dateTime}
                  actorName={(id) => {
                    const m = props.members.find((x) => x.userId === id);
                    return m ? m.name || m.email : null;
                  }}
                />
              </li>
            ))}
          </ol>
        </Card>
        );
      }}
    </QueryView>
  );
}

function LoopMetrics(props: { metrics: Query<Metrics>; memberName: (id: string | null) => string }) {
  const { t, fmt } = useI18n();
  const metrics = props.metrics;
  const rate = (r: number | null) => (r === null ? '–' : fmt.percent(r * 100));
  const duration = (s: number | null) => (s === null ? '–' : fmt.duration(s * 1000));
  return (
    <Card title={t('followups.metrics')} class="loop-metrics">
      <QueryView query={metrics}>
        {(m) => (
          <>
            <dl class="stats">
              <div>
                <dt>{t('followups.metrics.open')}</dt>
                <dd>{fmt.integer(m.open)}</dd>
              </div>
              <div>
                <dt>{t('followups.metrics.overdue')}</dt>
                <dd class={m.overdue > 0 ? 'overdue-text' : undefined}>{fmt.integer(m.overdue)}</dd>
              </div>
              <div>
                <dt>{t('followups.metrics.onTime')}</dt>
                <dd>{rate(m.resolvedWithinDueRate)}</dd>
                {m.resolved > 0 && <dd class="stat-base">{t('followups.metrics.onTimeOf', { part: fmt.integer(m.resolvedInTime), whole: fmt.integer(m.resolved) })}</dd>}
              </div>
              <div>
                <dt>{t('followups.metrics.recovery')}</dt>
                <dd>{rate(m.recovery.rate)}</dd>
                {m.recovery.reanswered > 0 && <dd class="stat-base">{t('followups.metrics.recoveryOf', { part: fmt.integer(m.recovery.recovered), whole: fmt.integer(m.recovery.reanswered) })}</dd>}
              </div>
              <div>
                <dt>{t('followups.metrics.medianResolution')}</dt>
                <dd>{duration(m.medianSecondsToResolution)}</dd>
              </div>
            </dl>
            {m.byAssignee.length > 0 && (
              <Table class="compact" headings={[t('followups.metrics.person'), t('followups.metrics.open'), t('followups.metrics.overdue'), t('followups.metrics.onTime'), t('followups.metrics.recovery')]}>
                {m.byAssignee.map((row) => (
                  <tr key={row.assigneeId ?? 'none'}>
                    <td>{props.memberName(row.assigneeId)}</td>
                    <td>{fmt.integer(row.open)}</td>
                    <td>{fmt.integer(row.overdue)}</td>
                    <td>{rate(row.resolvedWithinDueRate)}</td>
                    <td>{rate(row.recovery.rate)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </>
        )}
      </QueryView>
    </Card>
  );
}
