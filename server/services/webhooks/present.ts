import type { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../../db/schema';
import { storedFilters } from './filters';

type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** The API's view of an endpoint: never the secrets (GET /v1/webhooks/:id/secret reveals them on purpose). */
export function presentEndpoint(row: EndpointRow) {
  const { projectId: _p, secret: _s, previousSecret: _ps, deletedAt: _d, backoffUntil, ...rest } = row;
  const filterCheck = storedFilters(row.filters);
  return { ...rest, retryingUntil: backoffUntil, filtersError: filterCheck.error };
}

/**
 * What a project member (not an admin) sees of an endpoint: that it exists, where it goes (scheme and host) and
 * what it sends. The path and query are cut because receivers often carry a credential there (a Slack
 * incoming-webhook URL is one).
 */
export function redactEndpoint<T extends { url: string }>(view: T): T {
  const url = new URL(view.url);
  return { ...view, url: `${url.protocol}//${url.host}` };
}

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export function presentDelivery({ projectId: _p, body, seq: _seq, ...row }: DeliveryRow) {
  return { ...row, nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null, payload: JSON.parse(body) as unknown };
}

export function presentAttempt({ projectId: _p, ...row }: typeof webhookAttempts.$inferSelect) {
  return row;
}
