// The customers who need attention now (/v1/people/at-risk), most at risk first: each with the reasons in words
// and the weight each adds, so the risk figure beside them is explained by what is listed, never a black box.
import { api, read } from '../api/client';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';
import { useProject } from '../session';
import { SelectFilter } from '../ui/filters';
import { PageHeader } from '../ui/layout';
import { ScoreBadge } from '../ui/response-item';
import { Empty, QueryView } from '../ui/states';
import { Table } from '../ui/table';
import { ReasonText } from './at-risk-reason';

/** One page of the ranking: enough to work through in a day, and the API's own default is smaller. */
export const AT_RISK_LIMIT = 100;

export function AtRiskPage() {
  const { t, fmt } = useI18n();
  const project = useProject();
  const { query } = useLocation();
  const segmentId = query.get('segment') || undefined;
  const segments = useQuery(async () => (await read(api.v1.segments.$get())).data, [project.id]);
  const list = useQuery(
    () => read(api.v1.people['at-risk'].$get({ query: { limit: String(AT_RISK_LIMIT), ...(segmentId ? { segmentId } : {}) } })),
    [project.id, segmentId],
  );
  const hasSegments = (segments.data ?? []).length > 0;

  return (
    <>
      <PageHeader title={t('atRisk.title')} />
      <p class="muted" data-testid="at-risk-help">
        {t('atRisk.help')}
      </p>
      {hasSegments && (
        <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <SelectFilter
            name="segment"
            label="atRisk.segment"
            value={segmentId ?? null}
            anyLabel={t('atRisk.allCustomers')}
            options={segments.data!.map((s) => ({ value: s.id, label: s.name }))}
          />
        </form>
      )}
      <QueryView query={list}>
        {(result) =>
          result.data.length === 0 ? (
            <Empty>{segmentId ? t('atRisk.noneInSegment') : t('atRisk.none')}</Empty>
          ) : (
            <>
              <Table frame="card" class="at-risk-table" headings={[t('atRisk.customer'), t('atRisk.reasons'), t('atRisk.latest'), t('atRisk.risk'), t('atRisk.followUp')]}>
                {result.data.map((person) => (
                  <tr key={person.id} data-person={person.id}>
                    <td class="at-risk-who">
                      <Link href={`/people/${encodeURIComponent(person.id)}`} data-testid="person-link">
                        {person.name || person.email || person.externalId || t('responses.anonymous')}
                      </Link>
                      {person.name && person.email && <div class="small muted at-risk-email">{person.email}</div>}
                    </td>
                    <td>
                      <ul class="reasons" data-testid="reasons">
                        {person.reasons.map((reason) => (
                          <li key={reason.code} data-code={reason.code}>
                            <span>
                              <ReasonText reason={reason} />
                            </span>{' '}
                            {Object.hasOwn(result.weights, reason.code) && (
                              <span class="reason-weight">
                                {t('atRisk.weight', { w: fmt.integer(result.weights[reason.code as keyof typeof result.weights]) })}
                              </span>
                            )}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td class="at-risk-latest">
                      <span class="cell-label" aria-hidden="true">
                        {t('atRisk.latest')}
                      </span>
                      <span class="latest-line">
                        <ScoreBadge score={person.latestAnswer.score} />
                        <span class="small muted" data-testid="latest-date">
                          {fmt.date(person.latestAnswer.createdAt, project.timeZone)}
                        </span>
                      </span>
                    </td>
                    <td class="at-risk-score">
                      <span class="cell-label" aria-hidden="true">
                        {t('atRisk.risk')}
                      </span>
                      <strong data-testid="risk">{fmt.integer(person.score)}</strong>
                    </td>
                    <td>
                      {person.openFollowUpId ? (
                        <Link href={`/followups?tab=open&case=${encodeURIComponent(person.openFollowUpId)}`} data-testid="case-link">
                          {t('atRisk.openCase')}
                        </Link>
                      ) : (
                        <span class="small muted">{t('atRisk.noCase')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </Table>
              {result.data.length >= AT_RISK_LIMIT && <p class="muted small">{t('atRisk.shown', { n: fmt.integer(AT_RISK_LIMIT) })}</p>}
            </>
          )
        }
      </QueryView>
    </>
  );
}
