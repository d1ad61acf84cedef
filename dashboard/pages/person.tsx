import { api, read } from '../api/client';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useProject } from '../session';
import { PageHeader } from '../ui/layout';
import { ResponseItem, type ResponseLike } from '../ui/response-item';
import { Card, Empty, QueryView } from '../ui/states';

type FollowUpEvent = { id: string; kind: string; actor: string; data: Record<string, unknown>; createdAt: string; followUpId: string };
type TimelineEntry = { at: string; kind: 'response'; response: ResponseLike } | { at: string; kind: 'event'; event: FollowUpEvent };

/** Every answer, follow-up, note and reply of one customer, newest first: the 360° view. */
async function loadTimeline(id: string) {
  const [person, followUps] = await Promise.all([
    read(api.v1.people[':id'].$get({ param: { id } })),
    read(api.v1.followups.$get({ query: { personId: id, limit: '50' } })),
  ]);
  const cases = await Promise.all(followUps.data.map((f) => read(api.v1.followups[':id'].$get({ param: { id: f.id } }))));
  const entries: TimelineEntry[] = [
    ...person.responses.map((r) => ({ at: r.createdAt, kind: 'response' as const, response: r })),
    ...cases.flatMap((c) => c.events.map((e) => ({ at: e.createdAt, kind: 'event' as const, event: e as FollowUpEvent }))),
  ];
  entries.sort((a, b) => b.at.localeCompare(a.at));
  return { person, entries };
}

export function PersonPage(props: { id: string }) {
  const { t, fmt } = useI18n();
  const project = useProject();
  const timeline = useQuery(() => loadTimeline(props.id), [project.id, props.id]);
  return (
    <QueryView query={timeline}>
      {({ person, entries }) => (
        <>
          <p class="breadcrumb">
            <Link href="/responses">← {t('person.back')}</Link>
          </p>
          <PageHeader title={person.name || person.email || person.externalId || t('responses.anonymous')} />
          <div class="grid person-grid">
            <Card title={t('person.traits')}>
              <dl class="traits">
                {person.email && (
                  <>
                    <dt>{t('login.email')}</dt>
                    <dd>{person.email}</dd>
                  </>
                )}
                {person.externalId && (
                  <>
                    <dt>ID</dt>
                    <dd>{person.externalId}</dd>
                  </>
                )}
                {Object.entries(person.traits as Record<string, unknown>).map(([k, v]) => (
                  <>
                    <dt key={`k-${k}`}>{k}</dt>
                    <dd key={`v-${k}`}>{String(v)}</dd>
                  </>
                ))}
              </dl>
            </Card>
            <Card title={t('person.title')} class="wide">
              {entries.length === 0 ? (
                <Empty>{t('person.noEvents')}</Empty>
              ) : (
                <ol class="timeline">
                  {entries.map((entry) =>
                    entry.kind === 'response' ? (
                      <li key={entry.response.id} class="tl-response">
                        <ResponseItem response={entry.response} />
                      </li>
                    ) : (
                      <li key={entry.event.id} class={`tl-event tl-${entry.event.kind}`}>
                        <EventLine event={entry.event} timeZone={project.timeZone} fmtDate={fmt.dateTime} />
                      </li>
                    ),
                  )}
                </ol>
              )}
            </Card>
          </div>
        </>
      )}
    </QueryView>
  );
}

/** Who did it, when the actor is a dashboard user (sessions act as "key:session:<userId>"). */
export const actorUserId = (actor: string) => /^key:session:(usr_\w+)$/.exec(actor)?.[1] ?? null;

export function EventLine(props: {
  event: FollowUpEvent;
  timeZone: string;
  fmtDate: (iso: string, tz: string) => string;
  actorName?: (userId: string) => string | null;
}) {
  const { t } = useI18n();
  const e = props.event;
  const text = typeof e.data.text === 'string' ? e.data.text : typeof e.data.resolution === 'string' ? e.data.resolution : null;
  const title =
    e.kind === 'opened'
      ? t('person.followupOpened')
      : e.kind === 'note'
        ? t('person.note')
        : e.kind === 'reply'
          ? t('person.reply')
          : e.kind === 'status_changed' && typeof e.data.to === 'string'
            ? `${t('followups.status')}: ${t(`followups.status.${e.data.to as 'open'}`)}`
            : t('person.event', { type: e.kind.replace('_', ' ') });
  const userId = actorUserId(e.actor);
  const actor = userId && props.actorName ? props.actorName(userId) : null;
  return (
    <div class="event">
      <p>
        <strong>{title}</strong> <time class="muted small">{props.fmtDate(e.createdAt, props.timeZone)}</time>
        {actor && <span class="muted small"> · {actor}</span>}
      </p>
      {text && <p class="event-text">{text}</p>}
    </div>
  );
}
